package dev.pitcrew.api.local;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Local mode's database: a real PostgreSQL 17 from zonky's binaries (shipped in a Maven artifact, nothing
 * downloaded at run time), its cluster kept under the data directory so Pitcrew's data survives restarts.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoDatasourceUrlCondition.class)
public class EmbeddedPostgresConfiguration {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

  @Bean(destroyMethod = "close")
  EmbeddedPostgres embeddedPostgres(LocalModeProperties local) {
    Path dataDirectory = local.dataDir().resolve("pg").toAbsolutePath();
    try {
      Files.createDirectories(dataDirectory.getParent());
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false);
      if (local.postgresPort() > 0) {
        builder.setPort(local.postgresPort());
      }
      EmbeddedPostgres postgres = builder.start();
      log.info("PostgreSQL: embedded on 127.0.0.1:{}, data in {} (survives restarts)",
          postgres.getPort(), dataDirectory);
      return postgres;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot start the embedded PostgreSQL in " + dataDirectory + ": " + e.getMessage()
              + ". Is another Pitcrew using this data directory?", e);
    }
  }

  @Bean(destroyMethod = "close")
  DataSource dataSource(EmbeddedPostgres postgres) {
    HikariDataSource dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
    dataSource.setUsername("postgres");
    dataSource.setMaximumPoolSize(10);
    dataSource.setPoolName("pitcrew-embedded");
    return dataSource;
  }
}
