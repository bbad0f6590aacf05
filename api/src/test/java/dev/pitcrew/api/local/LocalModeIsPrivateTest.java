package dev.pitcrew.api.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.pitcrew.api.support.FreePorts;
import dev.pitcrew.workers.temporal.TemporalProperties;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Local mode's engines are for this machine's user only, and PostgreSQL's data is written durably. */
class LocalModeIsPrivateTest {
  @TempDir static Path dataDir;
  static LocalPostgres postgres;
  static TemporalEngine temporal;
  static int temporalPort;

  @BeforeAll
  static void startLocalMode() {
    temporalPort = FreePorts.next();
    LocalModeProperties local = new LocalModeProperties(
        dataDir, temporalPort, 8233, 0, Duration.ofSeconds(5), LocalModeProperties.Engine.TEST_SERVER);
    postgres = new EmbeddedPostgresConfiguration().localPostgres(local);
    temporal = new TemporalEngineConfiguration("/nonexistent").temporalEngine(
        new TemporalProperties(null, "default", null, null, null, Duration.ofSeconds(2), Duration.ofSeconds(2),
            TemporalProperties.SearchAttributeMode.AUTO,
            new TemporalProperties.Worker(true, 10, 10, Duration.ofSeconds(5), 0, 100, 0, 0, true,
            Duration.ofSeconds(5), TemporalProperties.StickyMode.AUTO)),
        local);
  }

  @AfterAll
  static void stop() throws Exception {
    if (temporal != null) {
      temporal.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void temporalAndPostgresAnswerOnLoopbackOnly() throws Exception {
    assertReachable("127.0.0.1", temporalPort);
    assertReachable("127.0.0.1", postgres.port());

    Optional<InetAddress> external = nonLoopbackAddress();
    assumeThat(external).as("this machine has a non-loopback address to try").isPresent();
    assertRefused(external.get(), temporalPort);
    assertRefused(external.get(), postgres.port());
  }

  @Test
  void thePasswordFileIsReadableByItsOwnerOnly() throws Exception {
    Path file = dataDir.resolve("pg-password");

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(Files.readString(file).strip()).isEqualTo(postgres.password()).hasSizeGreaterThanOrEqualTo(32);
  }

  @Test
  void aConnectionWithoutTheRightPasswordIsRefused() throws Exception {
    assertThatThrownBy(() -> DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "").close())
        .isInstanceOf(SQLException.class);
    assertThatThrownBy(() -> DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "guess").close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("password authentication failed");
    DriverManager.getConnection(postgres.jdbcUrl(), "postgres", postgres.password()).close();
  }

  @Test
  void commitsAreWrittenDurably() {
    JdbcClient jdbc = JdbcClient.create(postgres.server().getPostgresDatabase());

    assertThat(jdbc.sql("show fsync").query(String.class).single()).isEqualTo("on");
    assertThat(jdbc.sql("show synchronous_commit").query(String.class).single()).isEqualTo("on");
    assertThat(jdbc.sql("show full_page_writes").query(String.class).single()).isEqualTo("on");
    assertThat(jdbc.sql("show listen_addresses").query(String.class).single()).isEqualTo("127.0.0.1");
  }

  private static void assertReachable(String host, int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 2000);
    }
  }

  private static void assertRefused(InetAddress address, int port) {
    assertThatThrownBy(() -> {
          try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
          }
        })
        .as("port %d must not answer on %s", port, address)
        .isInstanceOf(IOException.class);
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
    return NetworkInterface.networkInterfaces()
        .filter(nic -> {
          try {
            return nic.isUp() && !nic.isLoopback();
          } catch (SocketException e) {
            return false;
          }
        })
        .flatMap(NetworkInterface::inetAddresses)
        .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
        .findFirst();
  }
}
