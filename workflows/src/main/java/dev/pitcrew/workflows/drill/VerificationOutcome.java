package dev.pitcrew.workflows.drill;

import java.util.List;
import java.util.Map;

/**
 * What the restored copy held, against what the source held at backup time.
 *
 * @param problems every check that failed, one line each (empty when the copy passed)
 */
public record VerificationOutcome(
    int tables,
    Map<String, Long> restoredRowCounts,
    Map<String, String> restoredChecksums,
    List<AssertionOutcome> assertions,
    List<String> problems) {

  public VerificationOutcome {
    restoredRowCounts = restoredRowCounts == null ? Map.of() : Map.copyOf(restoredRowCounts);
    restoredChecksums = restoredChecksums == null ? Map.of() : Map.copyOf(restoredChecksums);
    assertions = assertions == null ? List.of() : List.copyOf(assertions);
    problems = problems == null ? List.of() : List.copyOf(problems);
  }

  public boolean passed() {
    return problems.isEmpty();
  }
}
