package dev.pitcrew.api.runs;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.problem.FieldProblem;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.exc.DeferredBindingException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one way every API body is read: a JSON object into a request record, strictly (unknown fields, wrong types
 * and enum ordinals are errors), within {@link InputBounds} (storable text, bounded sizes), then the record's Bean
 * Validation rules, so a bad request is refused with every problem named before anything starts. Controllers take
 * a {@code JsonNode} body and call {@link #read}; none binds a record with {@code @RequestBody} (Spring's lenient
 * default would ignore unknown fields).
 */
@Component
public class RequestReader {
  private final JsonMapper mapper;
  private final Validator validator;

  RequestReader(JsonMapper mapper, Validator validator) {
    this.mapper = mapper;
    this.validator = validator;
  }

  /**
   * Reads {@code json} into {@code type}, or answers one 400 listing every rejected field: text PostgreSQL cannot
   * store and oversized fields ({@link InputBounds}), unknown fields, wrong types and enum ordinals (Jackson), and
   * the record's Bean Validation rules. Nothing has happened yet when this throws.
   *
   * @param prefix field path prefix used in error messages, e.g. {@code input}; empty for top-level fields
   */
  public <T> T read(JsonNode json, Class<T> type, String prefix) {
    if (json == null || json.isNull() || json.isMissingNode()) {
      String field = prefix.isEmpty() ? "body" : prefix;
      throw ApiException.badRequest("The request body must be a JSON object",
          List.of(new FieldProblem(field, "must be a JSON object")));
    }
    if (!json.isObject()) {
      throw ApiException.badField(prefix.isEmpty() ? "body" : prefix, "must be a JSON object");
    }
    List<FieldProblem> problems = new ArrayList<>();
    InputBounds.check(json, prefix, problems);
    if (!problems.isEmpty()) {
      // Unstorable or oversized text is not worth binding; say what is wrong with it and stop.
      throw refused(problems);
    }
    T value = null;
    try {
      value = strictReader(type).readValueCollectingProblems(mapper.treeAsTokens(json));
    } catch (DeferredBindingException e) {
      e.getProblems().forEach(p ->
          problems.add(new FieldProblem(FieldPaths.ofCollected(prefix, p.getPath(), json, p.getMessage()),
              BindingMessages.of(p))));
    } catch (JacksonException e) {
      // Not collectable (e.g. an object where a string belongs): Jackson stops at it, so it is named on its own.
      String path = pathOf(e);
      String field = prefix.isEmpty() ? (path.startsWith(".") ? path.substring(1) : path) : prefix + path;
      problems.add(new FieldProblem(field.isEmpty() ? "body" : field, BindingMessages.of(e)));
    }
    if (!problems.isEmpty()) {
      // Binding failed, so there is no record to validate: these are all the problems that can be named now.
      throw refused(problems);
    }
    validate(value, prefix);
    return value;
  }

  private ObjectReader strictReader(Class<?> type) {
    return mapper.readerFor(type)
        .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        // {"type":0} must not be taken as the first enum constant.
        .with(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .problemCollectingReader();
  }

  /** One 400 naming each field once (the first reason found for it), in the order found. */
  private static ApiException refused(List<FieldProblem> problems) {
    Map<String, FieldProblem> byField = new LinkedHashMap<>();
    problems.forEach(p -> byField.putIfAbsent(p.field(), p));
    List<FieldProblem> unique = List.copyOf(byField.values());
    return ApiException.badRequest(
        unique.stream().map(p -> p.field() + ": " + p.message()).collect(Collectors.joining("; ")), unique);
  }

  public <T> void validate(T value, String prefix) {
    List<FieldProblem> problems = violations(value, prefix);
    if (!problems.isEmpty()) {
      throw ApiException.badRequest(
          problems.stream().map(p -> p.field() + " " + p.message()).collect(Collectors.joining("; ")), problems);
    }
  }

  private <T> List<FieldProblem> violations(T value, String prefix) {
    return validator.validate(value).stream()
        .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
        .map(v -> new FieldProblem(ApiException.field(prefix, fieldOf(v.getPropertyPath().toString())),
            v.getMessage()))
        .toList();
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

  /** Used to make idempotency fingerprints independent of field order and whitespace. */
  String canonicalJson(Object value) {
    return mapper.writeValueAsString(value);
  }
}
