package dev.pitcrew.activities.postgres;

import dev.pitcrew.workflows.selfcheck.ProbeReport;
import dev.pitcrew.workflows.selfcheck.SelfCheckActivities;
import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Answers the self-check probe from the worker's own point of view. */
@Component
public class SelfCheckActivitiesImpl implements SelfCheckActivities {
  private static final Logger log = LoggerFactory.getLogger(SelfCheckActivitiesImpl.class);
  private final JdbcClient jdbc;

  public SelfCheckActivitiesImpl(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public ProbeReport probe() {
    long start = System.nanoTime();
    String version = jdbc.sql("select version()").query(String.class).single();
    long roundTripMicros = (System.nanoTime() - start) / 1_000;
    // "pid@host", the same identity Temporal gives the worker by default.
    String worker = ManagementFactory.getRuntimeMXBean().getName();
    log.info("Self-check probe: {} answered in {} µs on worker {}", shortVersion(version), roundTripMicros, worker);
    return new ProbeReport(worker, shortVersion(version), roundTripMicros);
  }

  private static String shortVersion(String full) {
    // "PostgreSQL 17.2 on x86_64-pc-linux-gnu, compiled by ..." -> "PostgreSQL 17.2"
    String[] words = full.split(" ");
    return words.length >= 2 ? words[0] + " " + words[1] : full;
  }
}
