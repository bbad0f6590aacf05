package dev.pitcrew.api.console;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Listens on PostgreSQL's {@code pitcrew_changes} channel (the V79 triggers) and hands the topics that changed to
 * {@link LiveStreams}. One connection per replica, held by one daemon thread that waits in
 * {@link PGConnection#getNotifications(int)}; every replica listens, so a change made anywhere reaches every
 * browser. Between notifications the thread sends the streams' keep-alive. A lost connection is opened again, and
 * the open pages are then told that everything changed, since what changed meanwhile went unheard.
 */
@Component
class ChangeFeed implements SmartLifecycle {
  static final String CHANNEL = "pitcrew_changes";
  private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);
  /** How long one wait for notifications lasts: also the keep-alive period of the browser streams. */
  private static final int WAIT_MILLIS = 15_000;
  private static final long RECONNECT_MILLIS = 2_000;

  private final DataSource dataSource;
  private final LiveStreams streams;
  private volatile boolean running;
  private volatile Thread thread;

  ChangeFeed(DataSource dataSource, LiveStreams streams) {
    this.dataSource = dataSource;
    this.streams = streams;
  }

  @Override
  public void start() {
    running = true;
    thread = Thread.ofPlatform().daemon().name("pitcrew-change-feed").start(this::listen);
  }

  @Override
  public void stop() {
    running = false;
    Thread listening = thread;
    if (listening != null) {
      listening.interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void listen() {
    boolean listenedBefore = false;
    while (running) {
      try (Connection connection = dataSource.getConnection()) {
        PGConnection postgres = connection.unwrap(PGConnection.class);
        try (Statement listen = connection.createStatement()) {
          listen.execute("LISTEN " + CHANNEL);
        }
        if (!connection.getAutoCommit()) {
          connection.commit();
        }
        log.debug("Console change feed listening on {}", CHANNEL);
        streams.listening(listenedBefore);
        listenedBefore = true;
        while (running) {
          PGNotification[] notifications = postgres.getNotifications(WAIT_MILLIS);
          if (notifications == null || notifications.length == 0) {
            streams.heartbeat();
            continue;
          }
          streams.publish(topics(notifications));
        }
      } catch (SQLException | RuntimeException e) {
        if (!running) {
          return;
        }
        log.warn("Console change feed lost its connection ({}); listening again in {} ms", e.getMessage(),
            RECONNECT_MILLIS);
        try {
          Thread.sleep(RECONNECT_MILLIS);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** The distinct topics of a batch ({@code runs:deploy-game@production} → {@code runs}). */
  static Set<String> topics(PGNotification[] notifications) {
    Set<String> topics = new LinkedHashSet<>();
    for (PGNotification notification : notifications) {
      String payload = notification.getParameter();
      int colon = payload.indexOf(':');
      topics.add(colon < 0 ? payload : payload.substring(0, colon));
    }
    return topics;
  }
}
