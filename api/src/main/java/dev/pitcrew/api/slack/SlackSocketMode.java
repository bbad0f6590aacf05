package dev.pitcrew.api.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.socket_mode.SocketModeClient;
import dev.pitcrew.activities.slack.SlackProperties;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Socket Mode ({@code PITCREW_SLACK_MODE=socket}): Pitcrew opens a WebSocket to Slack with the app-level token,
 * for clusters with no public ingress. Envelopes go to the same Bolt app as HTTP requests and are acknowledged
 * on the socket. Slack being unreachable at start-up does not stop Pitcrew: it keeps trying in the background,
 * and the SDK reconnects a dropped socket by itself.
 */
@Component
class SlackSocketMode implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(SlackSocketMode.class);
  private static final Duration RETRY_EVERY = Duration.ofSeconds(15);

  private final App app;
  private final SlackProperties properties;
  private volatile SocketModeApp socket;
  private volatile Thread connector;
  private volatile boolean running;

  SlackSocketMode(App app, SlackProperties properties) {
    this.app = app;
    this.properties = properties;
  }

  @Override
  public void start() {
    running = true;
    if (properties.effectiveMode() != SlackProperties.Mode.SOCKET) {
      return;
    }
    connector = Thread.ofVirtual().name("slack-socket-mode").start(this::connect);
  }

  private void connect() {
    while (running) {
      try {
        SocketModeApp candidate =
            new SocketModeApp(properties.appToken(), app, SocketModeClient.Backend.JavaWebSocket);
        candidate.startAsync();
        socket = candidate;
        log.info("Slack Socket Mode connected");
        return;
      } catch (Exception e) {
        log.warn("Slack Socket Mode could not connect ({}); retrying in {}s", e.getMessage(),
            RETRY_EVERY.toSeconds());
        try {
          Thread.sleep(RETRY_EVERY);
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }

  /** True once the socket is open (for tests and health). */
  boolean connected() {
    return socket != null;
  }

  @Override
  public void stop() {
    running = false;
    if (connector != null) {
      connector.interrupt();
    }
    if (socket != null) {
      try {
        socket.close();
      } catch (Exception e) {
        log.debug("Closing Slack Socket Mode: {}", e.getMessage());
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
