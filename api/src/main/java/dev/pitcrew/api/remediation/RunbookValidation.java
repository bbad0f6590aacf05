package dev.pitcrew.api.remediation;

import dev.pitcrew.activities.analysis.ThresholdCondition;
import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.problem.FieldProblem;
import dev.pitcrew.api.remediation.RunbookDocument.Step;
import dev.pitcrew.api.remediation.RunbookDocument.TargetKind;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/** The checks on a runbook that span fields: matchers parse, each action has what it needs and fits the target. */
final class RunbookValidation {
  static final String NAME_RULE = "^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private RunbookValidation() {}

  static void checkName(String name) {
    if (name == null || !name.matches(NAME_RULE)) {
      throw ApiException.badField("name", "must be 2-63 lower-case letters, digits and dashes, starting and ending "
          + "with a letter or digit");
    }
  }

  static void check(RunbookDocument doc) {
    List<FieldProblem> problems = new ArrayList<>();
    for (int i = 0; i < doc.matchers().size(); i++) {
      try {
        LabelMatcher.parse(doc.matchers().get(i));
      } catch (IllegalArgumentException e) {
        problems.add(new FieldProblem("matchers[" + i + "]", e.getMessage()));
      }
    }
    TargetKind kind = doc.target().kind();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < doc.steps().size(); i++) {
      Step step = doc.steps().get(i);
      String at = "steps[" + i + "]";
      if (!names.add(step.name())) {
        problems.add(new FieldProblem(at + ".name", "repeats an earlier step's name"));
      }
      Map<String, String> params = step.params() == null ? Map.of() : step.params();
      switch (step.action()) {
        case DELETE_POD -> {
          if (kind != TargetKind.POD) {
            problems.add(new FieldProblem(at + ".action", "DELETE_POD needs target.kind POD"));
          }
        }
        case CORDON_NODE -> {
          if (kind != TargetKind.NODE) {
            problems.add(new FieldProblem(at + ".action", "CORDON_NODE needs target.kind NODE"));
          }
        }
        case ROLLOUT_RESTART, SCALE -> {
          if (kind == TargetKind.NODE) {
            problems.add(new FieldProblem(at + ".action", step.action() + " acts on a service: target.kind must be "
                + "SERVICE or POD"));
          }
          if (step.action() == dev.pitcrew.workflows.remediation.ActionType.SCALE) {
            checkScale(params, at, problems);
          }
        }
        case ROLLBACK_DEPLOYMENT -> {
          if (kind == TargetKind.NODE) {
            problems.add(new FieldProblem(at + ".action", "ROLLBACK_DEPLOYMENT acts on a service's deployment: "
                + "target.kind must be SERVICE or POD"));
          }
          checkEnvironment(params, at, problems);
        }
        case RUN_JOB -> checkJob(params, at, problems);
        case HTTP_CALL -> checkUrl(params, at, problems);
        case WAIT -> checkInteger(params, "seconds", 1, 3600, true, at, problems);
      }
    }
    RunbookDocument.Verify verify = doc.verify();
    if (verify != null && verify.prometheusQuery() != null && !verify.prometheusQuery().isBlank()) {
      if (verify.condition() == null || verify.condition().isBlank()) {
        problems.add(new FieldProblem("verify.condition", "is needed with verify.prometheusQuery, e.g. result < 0.05"));
      } else {
        try {
          ThresholdCondition.parse(verify.condition());
        } catch (IllegalArgumentException e) {
          problems.add(new FieldProblem("verify.condition", e.getMessage()));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw ApiException.badRequest(
          problems.stream().map(p -> p.field() + ": " + p.message()).collect(Collectors.joining("; ")), problems);
    }
  }

  private static void checkScale(Map<String, String> params, String at, List<FieldProblem> problems) {
    boolean absolute = params.containsKey("replicas");
    if (absolute == params.containsKey("by")) {
      problems.add(new FieldProblem(at + ".params", "SCALE needs exactly one of replicas or by"));
    }
    checkInteger(params, "replicas", 0, 1000, false, at, problems);
    checkInteger(params, "by", -1000, 1000, false, at, problems);
    Integer min = checkInteger(params, "min", 0, 1000, true, at, problems);
    Integer max = checkInteger(params, "max", 1, 1000, true, at, problems);
    if (min != null && max != null && min > max) {
      problems.add(new FieldProblem(at + ".params.min", "must not be above params.max"));
    }
  }

  /** The deployment to roll back is the one of the target's service to this environment (a DNS label). */
  private static void checkEnvironment(Map<String, String> params, String at, List<FieldProblem> problems) {
    String environment = params.get("environment");
    if (environment == null || environment.isBlank()) {
      problems.add(new FieldProblem(at + ".params.environment",
          "ROLLBACK_DEPLOYMENT needs the environment whose deployment to roll back, e.g. production"));
    } else if (!environment.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
      problems.add(new FieldProblem(at + ".params.environment", "must be a DNS label, e.g. production"));
    }
  }

  private static void checkJob(Map<String, String> params, String at, List<FieldProblem> problems) {
    String template = params.get("template");
    if (template == null) {
      problems.add(new FieldProblem(at + ".params.template", "RUN_JOB needs a Job manifest as JSON"));
      return;
    }
    try {
      var json = JSON.readTree(template);
      if (!"Job".equals(json.path("kind").asString(""))) {
        problems.add(new FieldProblem(at + ".params.template", "must be a manifest of kind Job"));
      }
    } catch (RuntimeException e) {
      problems.add(new FieldProblem(at + ".params.template", "is not JSON"));
    }
    checkInteger(params, "timeoutSeconds", 1, 86_400, false, at, problems);
  }

  private static void checkUrl(Map<String, String> params, String at, List<FieldProblem> problems) {
    String url = params.get("url");
    try {
      URI uri = URI.create(url == null ? "" : url);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
        problems.add(new FieldProblem(at + ".params.url", "must be an absolute http(s) URL"));
      }
    } catch (IllegalArgumentException e) {
      problems.add(new FieldProblem(at + ".params.url", "must be an absolute http(s) URL"));
    }
    String method = params.getOrDefault("method", "POST");
    if (!Set.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(method)) {
      problems.add(new FieldProblem(at + ".params.method", "must be GET, POST, PUT, DELETE or PATCH"));
    }
  }

  private static Integer checkInteger(Map<String, String> params, String key, int min, int max, boolean required,
      String at, List<FieldProblem> problems) {
    String text = params.get(key);
    if (text == null) {
      if (required) {
        problems.add(new FieldProblem(at + ".params." + key, "is required"));
      }
      return null;
    }
    try {
      int value = Integer.parseInt(text.trim());
      if (value < min || value > max) {
        problems.add(new FieldProblem(at + ".params." + key, "must be between " + min + " and " + max));
        return null;
      }
      return value;
    } catch (NumberFormatException e) {
      problems.add(new FieldProblem(at + ".params." + key, "must be a whole number"));
      return null;
    }
  }
}
