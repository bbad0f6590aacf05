package dev.pitcrew.api.runs;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.problem.FieldProblem;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a JSON object into a request record strictly (unknown fields and wrong types are errors) and applies its
 * Bean Validation rules, so a bad request is refused with every problem named before anything starts.
 */
@Component
public class RequestReader {
  private final JsonMapper mapper;
  private final Validator validator;

  RequestReader(JsonMapper mapper, Validator validator) {
    this.mapper = mapper;
    this.validator = validator;
  }

  /** @param prefix field path prefix used in error messages, e.g. {@code input}; empty for top-level fields */
  public <T> T read(JsonNode json, Class<T> type, String prefix) {
    T value;
    try {
      value =
          mapper.readerFor(type)
              .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
              .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
              .readValue(json);
    } catch (JacksonException e) {
      String path = pathOf(e);
      String field = prefix.isEmpty() ? (path.startsWith(".") ? path.substring(1) : path) : prefix + path;
      throw ApiException.badField(field.isEmpty() ? "body" : field, plain(e));
    }
    validate(value, prefix);
    return value;
  }

  public <T> void validate(T value, String prefix) {
    List<FieldProblem> problems =
        validator.validate(value).stream()
            .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
            .map(v -> new FieldProblem(ApiException.field(prefix, fieldOf(v.getPropertyPath().toString())),
                v.getMessage()))
            .toList();
    if (!problems.isEmpty()) {
      throw ApiException.badRequest(
          problems.stream().map(p -> p.field() + " " + p.message()).collect(Collectors.joining("; ")), problems);
    }
  }

  /** {@code environments[0]} rather than Hibernate Validator's {@code environments[0].<list element>}. */
  private static String fieldOf(String propertyPath) {
    return propertyPath.replaceAll("\\.<[a-z ]+>", "");
  }

  private static String pathOf(JacksonException e) {
    return e.getPath().stream()
        .map(ref -> ref.getPropertyName() != null ? "." + ref.getPropertyName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining());
  }

  private static String plain(JacksonException e) {
    String message = e.getOriginalMessage();
    if (message.startsWith("Unrecognized property")) {
      return "is not a known field";
    }
    // Jackson's first line says what was wrong; the rest is location noise.
    int newline = message.indexOf('\n');
    return newline > 0 ? message.substring(0, newline) : message;
  }

  /** Used to make idempotency fingerprints independent of field order and whitespace. */
  String canonicalJson(Object value) {
    return mapper.writeValueAsString(value);
  }
}
