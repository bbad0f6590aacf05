package dev.pitcrew.api.services;

import dev.pitcrew.api.problem.FieldProblem;
import java.util.List;
import java.util.Set;

/**
 * Names the field behind each of {@code DeploymentRequest.problems()}: every problem starts with the field it is
 * about ({@code scaleDownDelaySeconds must not be negative}); strategy fields are answered under {@code strategy.}.
 */
public final class DeploymentRequestProblems {
  private static final Set<String> REQUEST_FIELDS =
      Set.of("service", "environment", "image", "replicas", "requestedBy", "containerPort");

  private DeploymentRequestProblems() {}

  public static List<FieldProblem> toFieldProblems(List<String> problems) {
    return problems.stream().map(DeploymentRequestProblems::toFieldProblem).toList();
  }

  private static FieldProblem toFieldProblem(String problem) {
    int space = problem.indexOf(' ');
    String subject = space < 0 ? problem : problem.substring(0, space);
    String message = space < 0 ? "is invalid" : problem.substring(space + 1);
    String field = REQUEST_FIELDS.contains(subject) ? subject : "strategy." + subject;
    return new FieldProblem(field, message);
  }
}
