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

  /**
   * A new listening thread each time. The one a {@link #stop()} left may still be waiting in
   * {@link PGConnection#getNotifications(int)} (an interrupt does not end a socket read): it ends at its next turn
   * because it is no longer the current one, instead of listening on beside the new one for good, a connection each.
   * Spring's test context pausing stops and starts this many times in one JVM.
   */
  @Override
  public void start() {
    Thread listening = Thread.ofPlatform().daemon().name("pitcrew-change-feed").unstarted(this::listen);
    thread = listening;
    running = true;
    listening.start();
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
    while (current()) {
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
        while (current()) {
          PGNotification[] notifications = postgres.getNotifications(WAIT_MILLIS);
          if (notifications == null || notifications.length == 0) {
            streams.heartbeat();
            continue;
          }
          streams.publish(topics(notifications));
        }
      } catch (SQLException | RuntimeException e) {
        if (!current()) {
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

  /** Whether this thread is the feed's listener: the feed runs, and no later start replaced this thread. */
  private boolean current() {
    return running && thread == Thread.currentThread();
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
