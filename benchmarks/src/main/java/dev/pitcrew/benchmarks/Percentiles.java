package dev.pitcrew.benchmarks;

import java.util.Arrays;
import java.util.Collection;

/** Nearest-rank percentiles of a set of samples (milliseconds). */
public final class Percentiles {
  private final double[] sorted;

  public Percentiles(Collection<? extends Number> samples) {
    sorted = samples.stream().mapToDouble(Number::doubleValue).sorted().toArray();
  }

  public int count() {
    return sorted.length;
  }

  /** @param p between 0 and 100 */
  public double at(double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  public double max() {
    return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
  }

  @Override
  public String toString() {
    return "n=" + sorted.length + " " + Arrays.toString(new double[] {at(50), at(95), at(99)});
  }
}
