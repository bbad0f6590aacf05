package dev.pitcrew.activities.architecture;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Breaks {@code ActivitiesArchitectureTest.OUTBOXES_WRITE_THROUGH_THE_REPOSITORY} on purpose: its own SQL. */
class RogueOutbox {
  private final JdbcClient jdbc;

  RogueOutbox(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void send(String payload) {
    jdbc.sql("insert into rogue_outbox (payload) values (?)").param(payload).update();
  }
}
