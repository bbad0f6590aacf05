package dev.pitcrew.activities.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A success or failure condition over a query's samples, in the subset of Argo Rollouts' expression language that
 * thresholds need: comparisons of {@code result} (the first sample) or {@code result[i]} with a number, joined by
 * {@code &&} or {@code ||} ({@code &&} binds tighter). For example {@code result[0] >= 0.99 && result[1] < 250}.
 */
public final class ThresholdCondition {
  private static final Pattern COMPARISON =
      Pattern.compile("\\s*result(?:\\[(\\d+)])?\\s*(<=|>=|==|!=|<|>)\\s*(-?\\d+(?:\\.\\d+)?(?:[eE]-?\\d+)?)\\s*");

  private record Comparison(int index, String operator, double threshold) {
    boolean holdsFor(List<Double> samples) {
      if (index >= samples.size()) {
        throw new IllegalArgumentException("result[" + index + "] does not exist: the query returned "
            + samples.size() + " sample(s)");
      }
      double value = samples.get(index);
      return switch (operator) {
        case "<" -> value < threshold;
        case "<=" -> value <= threshold;
        case ">" -> value > threshold;
        case ">=" -> value >= threshold;
        case "==" -> value == threshold;
        default -> value != threshold;
      };
    }
  }

  /** Alternatives of conjunctions. */
  private final List<List<Comparison>> alternatives;
  private final String text;

  private ThresholdCondition(String text, List<List<Comparison>> alternatives) {
    this.text = text;
    this.alternatives = alternatives;
  }

  public static ThresholdCondition parse(String text) {
    List<List<Comparison>> alternatives = new ArrayList<>();
    for (String alternative : text.split("\\|\\|")) {
      List<Comparison> conjunction = new ArrayList<>();
      for (String term : alternative.split("&&")) {
        Matcher m = COMPARISON.matcher(term);
        if (!m.matches()) {
          throw new IllegalArgumentException("Cannot read condition '" + text + "' at '" + term.trim()
              + "': expected e.g. result[0] >= 0.99");
        }
        int index = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
        conjunction.add(new Comparison(index, m.group(2), Double.parseDouble(m.group(3))));
      }
      alternatives.add(conjunction);
    }
    return new ThresholdCondition(text, alternatives);
  }

  public boolean holdsFor(List<Double> samples) {
    return alternatives.stream().anyMatch(all -> all.stream().allMatch(c -> c.holdsFor(samples)));
  }

  @Override
  public String toString() {
    return text;
  }
}
