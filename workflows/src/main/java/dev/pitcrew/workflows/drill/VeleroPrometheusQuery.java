package dev.pitcrew.workflows.drill;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An instant Prometheus query about the restored namespace, asked of the Prometheus deployment analysis uses
 * ({@code pitcrew.analysis.prometheus-url}); {@code {namespace}} in the query is the scratch namespace. It passes
 * when {@code successCondition} holds, in deployment analysis's notation, e.g. {@code result[0] >= 1}.
 */
public record VeleroPrometheusQuery(String query, String successCondition) {
  private static final Pattern CONDITION = Pattern.compile(
      "\\s*result(\\[\\d+])?\\s*(<=|>=|==|!=|<|>)\\s*-?\\d+(\\.\\d+)?([eE]-?\\d+)?\\s*((&&|\\|\\|)"
          + "\\s*result(\\[\\d+])?\\s*(<=|>=|==|!=|<|>)\\s*-?\\d+(\\.\\d+)?([eE]-?\\d+)?\\s*)*");

  List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (query == null || query.isBlank() || query.length() > 2000) {
      problems.add("query: required, a PromQL instant query of at most 2000 characters");
    }
    if (successCondition == null || successCondition.length() > 500 || !CONDITION.matcher(successCondition).matches()) {
      problems.add("successCondition: required, comparisons of result or result[i] with a number joined by && or ||,"
          + " e.g. result[0] >= 1");
    }
    return problems;
  }
}
