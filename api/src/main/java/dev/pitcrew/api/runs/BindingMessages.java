package dev.pitcrew.api.runs;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.exc.CollectedProblem;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * What a 400 says about a field Jackson could not bind: what the field must be, in the API's words, never Jackson's
 * sentence about Java classes ({@code Cannot deserialize value of type `java.lang.Integer`...}).
 */
final class BindingMessages {
  private BindingMessages() {
  }

  static String of(CollectedProblem problem) {
    String message = problem.getMessage() == null ? "" : problem.getMessage();
    if (message.startsWith("Unknown property") || message.startsWith("Unrecognized property")) {
      return "is not a known field";
    }
    if (message.startsWith("Cannot instantiate")) {
      // A record's constructor refused the value; its own message is written for callers.
      int reason = message.indexOf(": ");
      return reason > 0 ? "is not valid: " + message.substring(reason + 2) : "is not valid";
    }
    return expected(problem.getTargetType() == null ? null : problem.getTargetType().getRawClass());
  }

  static String of(JacksonException e) {
    String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    if (message.startsWith("Unrecognized property") || message.startsWith("Unknown property")) {
      return "is not a known field";
    }
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      return expected(mismatch.getTargetType());
    }
    return "cannot be read";
  }

  static String of(JavaType type) {
    return expected(type == null ? null : type.getRawClass());
  }

  /** The names a caller writes ({@code first-response}), not the Java constants ({@code FIRST_RESPONSE}). */
  private static String jsonNames(Class<?> type) {
    return Arrays.stream(type.getEnumConstants())
        .map(constant -> {
          String name = ((Enum<?>) constant).name();
          try {
            JsonProperty property = type.getField(name).getAnnotation(JsonProperty.class);
            return property != null && !property.value().isEmpty() ? property.value() : name;
          } catch (NoSuchFieldException e) {
            return name;
          }
        })
        .toList()
        .toString();
  }

  /** "must be a whole number", "must be one of [P1, P2]", ... */
  static String expected(Class<?> type) {
    if (type == null) {
      return "has the wrong type";
    }
    if (type.isEnum()) {
      return "must be one of " + jsonNames(type);
    }
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class
        || type == short.class || type == Short.class) {
      return "must be a whole number";
    }
    if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
      return "must be a number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "must be true or false";
    }
    if (type == String.class) {
      return "must be a string";
    }
    if (type == Instant.class) {
      return "must be an ISO-8601 instant such as 2026-11-25T10:00:00Z";
    }
    if (type == Duration.class) {
      return "must be an ISO-8601 duration such as PT30M";
    }
    if (type == LocalDate.class) {
      return "must be a date such as 2026-11-25";
    }
    if (type == LocalTime.class) {
      return "must be a time such as 09:00";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "must be an array";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "must be an object";
    }
    return "has the wrong type";
  }
}
