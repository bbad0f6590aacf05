package dev.pitcrew.workflows.drill;

import java.util.ArrayList;
import java.util.List;

/**
 * The targets a drill is measured against. RPO: the restored point may be at most this old when verified. RTO:
 * restore start to verified may take at most this long. Defaults are the studio's requirements: 1 h and 4 h.
 */
public record RecoveryObjectives(Integer rpoMinutes, Integer rtoMinutes) {
  public static final RecoveryObjectives STUDIO_DEFAULTS = new RecoveryObjectives(60, 240);

  public RecoveryObjectives {
    rpoMinutes = rpoMinutes == null ? 60 : rpoMinutes;
    rtoMinutes = rtoMinutes == null ? 240 : rtoMinutes;
  }

  public long rpoSeconds() {
    return rpoMinutes * 60L;
  }

  public long rtoSeconds() {
    return rtoMinutes * 60L;
  }

  List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (rpoMinutes < 1 || rpoMinutes > 525_600) {
      problems.add("rpoMinutes: between 1 and 525600 (a year)");
    }
    if (rtoMinutes < 1 || rtoMinutes > 10_080) {
      problems.add("rtoMinutes: between 1 and 10080 (a week)");
    }
    return problems;
  }
}
