package dev.pitcrew.activities.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.activities.support.TestDatabase;
import dev.pitcrew.workflows.selfcheck.ProbeReport;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class SelfCheckActivitiesImplTest {

  @Test
  void reportsTheDatabaseTheWorkerReaches() {
    ProbeReport report = new SelfCheckActivitiesImpl(JdbcClient.create(TestDatabase.dataSource())).probe();

    assertThat(report.databaseVersion()).matches("PostgreSQL 15\\.\\d+");
    assertThat(report.workerIdentity()).contains("@");
    assertThat(report.databaseRoundTripMicros()).isPositive();
  }
}
