package dev.pitcrew.api.problem;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * An error the API answers with an RFC 9457 problem body. The message is shown to the caller, so it must name
 * the problem plainly and never carry secrets.
 */
public class ApiException extends RuntimeException {
  private final HttpStatus status;
  private final String title;
  private final List<FieldProblem> fieldProblems;
  private final Map<String, Object> extras;

  public ApiException(
      HttpStatus status, String title, String detail, List<FieldProblem> fieldProblems, Map<String, Object> extras) {
    super(detail);
    this.status = status;
    this.title = title;
    this.fieldProblems = List.copyOf(fieldProblems);
    this.extras = Map.copyOf(extras);
  }

  public static ApiException badRequest(String detail, List<FieldProblem> fields) {
    return new ApiException(HttpStatus.BAD_REQUEST, "Invalid request", detail, fields, Map.of());
  }

  public static ApiException badField(String field, String message) {
    return badRequest(field + ": " + message, List.of(new FieldProblem(field, message)));
  }

  public static ApiException notFound(String detail) {
    return new ApiException(HttpStatus.NOT_FOUND, "Not found", detail, List.of(), Map.of());
  }

  public static ApiException conflict(String detail, Map<String, Object> extras) {
    return new ApiException(HttpStatus.CONFLICT, "Conflict", detail, List.of(), extras);
  }

  public static ApiException temporalUnavailable(String detail) {
    return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Temporal unavailable", detail, List.of(), Map.of());
  }

  /** {@code prefix.field}, or just {@code field} when the prefix is empty. */
  public static String field(String prefix, String field) {
    return prefix == null || prefix.isEmpty() ? field : prefix + "." + field;
  }

  /** The same problem with every field named under {@code prefix} (a request read as part of a larger body). */
  public ApiException withFieldPrefix(String prefix) {
    if (fieldProblems.isEmpty() || prefix == null || prefix.isEmpty()) {
      return this;
    }
    List<FieldProblem> prefixed =
        fieldProblems.stream().map(p -> new FieldProblem(field(prefix, p.field()), p.message())).toList();
    String detail =
        String.join("; ", prefixed.stream().map(p -> p.field() + ": " + p.message()).toList());
    return new ApiException(status, title, detail, prefixed, extras);
  }

  public HttpStatus status() {
    return status;
  }

  public String title() {
    return title;
  }

  public List<FieldProblem> fieldProblems() {
    return fieldProblems;
  }

  public Map<String, Object> extras() {
    return extras;
  }
}
