package dev.pitcrew.api.console;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.problem.FieldProblem;
import java.util.Map;
import java.util.function.Function;
import org.springframework.http.HttpStatus;

/**
 * How a console form shows a write the REST rules refused: each field problem at the input it belongs to (the first
 * one per input wins, so a problem the page found itself stays), and a refusal that names no field at one chosen
 * input. A refusal that is not a 400 (403, 409, an unreachable engine) is no form error and propagates.
 */
public final class FieldErrors {
  private FieldErrors() {}

  public static void collect(ApiException refused, Map<String, String> errors, Function<String, String> inputOf,
      String otherwiseAt) {
    collect(refused, errors, inputOf, FieldProblem::message, otherwiseAt);
  }

  /** As above, with the message worded by the form (e.g. with the value the input held). */
  public static void collect(ApiException refused, Map<String, String> errors, Function<String, String> inputOf,
      Function<FieldProblem, String> messageOf, String otherwiseAt) {
    if (refused.status() != HttpStatus.BAD_REQUEST) {
      throw refused;
    }
    refused.fieldProblems().forEach(p -> errors.putIfAbsent(inputOf.apply(p.field()), messageOf.apply(p)));
    if (errors.isEmpty()) {
      errors.put(otherwiseAt, refused.getMessage());
    }
  }
}
