package dev.pitcrew.api.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

class EmbeddedPostgresConfigurationTest {
  @TempDir Path dataDir;

  private LocalModeProperties local() {
    return new LocalModeProperties(dataDir, 7233, 8233, 0, Duration.ofSeconds(5), LocalModeProperties.Engine.AUTO);
  }

  @Test
  void dataSurvivesARestart() throws Exception {
    EmbeddedPostgresConfiguration configuration = new EmbeddedPostgresConfiguration();

    try (EmbeddedPostgres first = configuration.embeddedPostgres(local())) {
      DataSource dataSource = first.getPostgresDatabase();
      JdbcClient.create(dataSource).sql("create table kept (note text)").update();
      JdbcClient.create(dataSource).sql("insert into kept values ('written before the restart')").update();
    }

    try (EmbeddedPostgres second = configuration.embeddedPostgres(local())) {
      assertThat(JdbcClient.create(second.getPostgresDatabase()).sql("select note from kept")
          .query(String.class).single()).isEqualTo("written before the restart");
    }
    assertThat(dataDir.resolve("pg").resolve("PG_VERSION")).exists();
  }
}
