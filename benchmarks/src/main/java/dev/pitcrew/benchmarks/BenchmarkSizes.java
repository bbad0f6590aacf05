package dev.pitcrew.benchmarks;

/**
 * How big each measurement is. {@code smoke} proves in seconds that every part of the harness still works and
 * reports (it runs in {@code ./pitcrew test}); {@code full} is what {@code ./pitcrew bench} measures.
 */
public record BenchmarkSizes(
    String mode,
    int throughputRuns,
    int throughputStarters,
    int throughputRounds,
    int tickets,
    int ticketCallers,
    long ticketDrainTimeoutSeconds,
    long idleSeconds,
    int timerRuns,
    int timerHoldSeconds,
    int alerts,
    int alertWindowSeconds,
    boolean startup) {

  public static BenchmarkSizes smoke() {
    return new BenchmarkSizes("smoke", 6, 3, 1, 30, 4, 120, 2, 5, 2, 20, 2, false);
  }

  public static BenchmarkSizes full() {
    return new BenchmarkSizes("full", Integer.getInteger("pitcrew.bench.throughputRuns", 300), 16,
        Integer.getInteger("pitcrew.bench.throughputRounds", 3),
        Integer.getInteger("pitcrew.bench.tickets", 10_000), 32, 600,
        Integer.getInteger("pitcrew.bench.idleSeconds", 10), 200, 5,
        Integer.getInteger("pitcrew.bench.alerts", 1_000), 10,
        !Boolean.getBoolean("pitcrew.bench.skipStartup"));
  }

  public static BenchmarkSizes fromSystemProperty() {
    return "full".equals(System.getProperty("pitcrew.bench.mode")) ? full() : smoke();
  }
}
