package dev.pitcrew.api.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * At 100k runs every shape of the list query must be an index walk that stops after one page: no sequential
 * scan, no sort of the whole table. (How fast that is gets measured by {@link RunListBenchmark}.)
 */
class RunListScaleTest {
  static RunIndexFixture fixture;
  static RunIndexQueries queries;

  @BeforeAll
  static void hundredThousandRuns() {
    fixture = new RunIndexFixture();
    fixture.fill(100_000);
    queries = new RunIndexQueries(fixture.jdbc);
  }

  @AfterAll
  static void stop() throws Exception {
    fixture.close();
  }

  private static String plan(String where, Object... params) {
    String sql =
        "explain select * from runs where true" + where + " order by started_at desc, workflow_id desc limit 51 offset 0";
    return String.join("\n", fixture.jdbc.sql(sql).params(params).query(String.class).list());
  }

  @Test
  void everyListShapeIsAnIndexWalkWithoutSorting() {
    List<String> plans =
        List.of(
            plan(""),
            plan(" and run_type = ?", "deploy"),
            plan(" and status = ?", "RUNNING"),
            plan(" and run_type = ? and status = ?", "incident", "FAILED"),
            plan(" and started_at >= ?", java.sql.Timestamp.from(Instant.now().minus(1, ChronoUnit.DAYS))));

    assertThat(plans).allSatisfy(plan -> {
      assertThat(plan).contains("Index");
      assertThat(plan).doesNotContain("Seq Scan", "Sort");
    });
  }

  @Test
  void pagesAreNewestFirstAndDisjoint() {
    List<RunSummary> first = queries.list(new RunFilter("deploy", null, null, null, 0, 50));
    List<RunSummary> second = queries.list(new RunFilter("deploy", null, null, null, 1, 50));

    assertThat(first).hasSize(51);
    assertThat(first.subList(0, 50)).extracting(RunSummary::startedAt).isSortedAccordingTo((a, b) -> b.compareTo(a));
    assertThat(first.get(49).startedAt()).isAfterOrEqualTo(second.get(0).startedAt());
    assertThat(first.subList(0, 50)).extracting(RunSummary::workflowId)
        .doesNotContainAnyElementsOf(second.subList(0, 50).stream().map(RunSummary::workflowId).toList());
    assertThat(first).allMatch(r -> r.type().equals("deploy"));
  }
}
