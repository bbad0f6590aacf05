package dev.pitcrew.workflows.deploy;

import java.util.ArrayList;
import java.util.List;

/**
 * One thing to measure, Argo-Rollouts style: {@code count} measurements {@code intervalSeconds} apart, each judged
 * by the conditions. Exactly one of {@code prometheus} and {@code http} is set. Null numbers take their defaults.
 *
 * <p>Conditions compare {@code result} (the first sample) or {@code result[i]} with a number using
 * {@code < <= > >= == !=}, joined by {@code &&} or {@code ||}, e.g. {@code result[0] >= 0.99}. A measurement is
 * Failed when the failure condition holds, Successful when the success condition holds, Failed when only a success
 * condition is given and it does not hold, Successful when only a failure condition is given and it does not hold,
 * and Inconclusive when both are given and neither holds.
 *
 * @param intervalSeconds time between measurements; default 60
 * @param count number of measurements; default 1
 * @param failureLimit failed measurements tolerated; the metric fails on one more (default 0)
 * @param inconclusiveLimit inconclusive measurements tolerated (default 0)
 * @param consecutiveErrorLimit measurements in a row that could not be taken (Prometheus or the service unreachable)
 *     tolerated; default 4
 */
public record AnalysisMetric(
    String name,
    PrometheusQuery prometheus,
    HttpSmokeCheck http,
    String successCondition,
    String failureCondition,
    Integer intervalSeconds,
    Integer count,
    Integer failureLimit,
    Integer inconclusiveLimit,
    Integer consecutiveErrorLimit) {

  public static AnalysisMetric smoke(String name, String path) {
    return new AnalysisMetric(name, null, new HttpSmokeCheck(path, null, null), null, null, null, null, null, null, null);
  }

  int effectiveIntervalSeconds() {
    return intervalSeconds == null ? 60 : intervalSeconds;
  }

  int effectiveCount() {
    return count == null ? 1 : count;
  }

  int effectiveFailureLimit() {
    return failureLimit == null ? 0 : failureLimit;
  }

  int effectiveInconclusiveLimit() {
    return inconclusiveLimit == null ? 0 : inconclusiveLimit;
  }

  int effectiveConsecutiveErrorLimit() {
    return consecutiveErrorLimit == null ? 4 : consecutiveErrorLimit;
  }

  List<String> problems(String where) {
    List<String> problems = new ArrayList<>();
    String label = where + " metric '" + name + "'";
    if (name == null || name.isBlank()) {
      problems.add(where + " metric without a name");
    }
    if ((prometheus == null) == (http == null)) {
      problems.add(label + " must have exactly one of prometheus or http");
    }
    if (prometheus != null && (prometheus.query() == null || prometheus.query().isBlank())) {
      problems.add(label + " has an empty Prometheus query");
    }
    if (prometheus != null && successCondition == null && failureCondition == null) {
      problems.add(label + " needs a successCondition or a failureCondition");
    }
    if (http != null && (http.path() == null || !http.path().startsWith("/"))) {
      problems.add(label + " needs an http path starting with /");
    }
    if (effectiveCount() < 1 || effectiveIntervalSeconds() < 1) {
      problems.add(label + " needs count >= 1 and intervalSeconds >= 1");
    }
    if (effectiveFailureLimit() < 0 || effectiveInconclusiveLimit() < 0 || effectiveConsecutiveErrorLimit() < 0) {
      problems.add(label + " has a negative limit");
    }
    return problems;
  }
}
