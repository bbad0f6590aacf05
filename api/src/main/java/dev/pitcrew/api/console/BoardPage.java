package dev.pitcrew.api.console;

import dev.pitcrew.api.problem.ApiException;

/**
 * How much of a board is shown: the first {@code step} rows (the most urgent), then {@code step} more each time
 * someone asks ("Show more"), up to {@code max}. A board re-read live keeps as many rows as were shown.
 *
 * @param shown how many rows were asked for
 * @param total how many there are
 */
public record BoardPage(int shown, int total, int step, int max) {
  /** The page asked for ({@code ?shown=}, null for the first), or 400 naming the field. */
  public static int requested(Integer shown, int step, int max) {
    int asked = shown == null ? step : shown;
    if (asked < 1 || asked > max) {
      throw ApiException.badField("shown", "must be between 1 and " + max);
    }
    return asked;
  }

  /** Whether there are rows beyond those shown that may still be asked for. */
  public boolean more() {
    return total > shown && shown < max;
  }

  public int nextShown() {
    return Math.min(shown + step, max);
  }

  /** How many rows "Show more" adds. */
  public int nextCount() {
    return Math.min(nextShown(), total) - shown;
  }

  /** How many rows are not shown. */
  public int hidden() {
    return Math.max(0, total - shown);
  }
}
