package dev.pitcrew.api.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.socket_mode.SocketModeClient;
import dev.pitcrew.activities.slack.SlackProperties;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.stereotype.Component;

/**
 * Socket Mode ({@code PITCREW_SLACK_MODE=socket}): Pitcrew opens a WebSocket to Slack with the app-level token,
 * for clusters with no public ingress. Envelopes go to the same Bolt app as HTTP requests and are acknowledged
 * on the socket. Slack being unreachable at start-up does not stop Pitcrew: it keeps trying in the background (Spring's retry, backing off to every 15 s),
 * and the SDK reconnects a dropped socket by itself.
 */
@Component
class SlackSocketMode implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(SlackSocketMode.class);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  private static final Duration RETRY_AT_MOST_EVERY = Duration.ofSeconds(15);

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
    RetryTemplate untilConnected = new RetryTemplate(RetryPolicy.builder()
        .maxRetries(Long.MAX_VALUE)
        .delay(FIRST_RETRY)
        .multiplier(2)
        .maxDelay(RETRY_AT_MOST_EVERY)
        // Stopping Pitcrew ends the attempts; so does the interrupt stop() sends into the wait between two.
        .predicate(failure -> running)
        .build());
    untilConnected.setRetryListener(new RetryListener() {
      @Override
      public void onRetryFailure(RetryPolicy policy, Retryable<?> attempt, Throwable failure) {
        log.warn("Slack Socket Mode could not connect ({}); retrying in the background", failure.getMessage());
      }
    });
    try {
      socket = untilConnected.execute(() -> {
        SocketModeApp candidate =
            new SocketModeApp(properties.appToken(), app, SocketModeClient.Backend.JavaWebSocket);
        candidate.startAsync();
        return candidate;
      });
      log.info("Slack Socket Mode connected");
    } catch (RetryException stopped) {
      log.debug("Slack Socket Mode stopped connecting: {}", stopped.getMessage());
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
