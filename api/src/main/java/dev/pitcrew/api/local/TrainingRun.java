package dev.pitcrew.api.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * The start-up cache's training run ({@code PITCREW_LOCAL_TRAININGRUN=true}, made by {@code ./pitcrew run} on JDK
 * 25 with {@code -XX:AOTCacheOutput}): the JVM writes the cache from what the run loaded and profiled, so the run
 * goes as far as a real start does before it counts as up. Once the application is ready (web server listening,
 * workers polling) it polls its own readiness probe over HTTP until it answers UP, as every start ends, then closes
 * the context and exits (1 if readiness never came). Spring's {@code spring.context.exit=onRefresh} stops before any of that: the web server,
 * the workers and the first request then start from classes the cache does not hold.
 */
@Component
class TrainingRun implements ApplicationListener<ApplicationReadyEvent> {
  private static final Logger log = LoggerFactory.getLogger(TrainingRun.class);

  private final boolean enabled;
  private final Duration patience;
  private final IntConsumer exit;

  @Autowired
  TrainingRun(LocalModeProperties local) {
    this(local.trainingRun(), Duration.ofMinutes(2), System::exit);
  }

  /** @param exit what ends the process, given the exit code ({@code System::exit}) */
  TrainingRun(boolean enabled, Duration patience, IntConsumer exit) {
    this.enabled = enabled;
    this.patience = patience;
    this.exit = exit;
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    if (!enabled) {
      return;
    }
    ConfigurableApplicationContext context = event.getApplicationContext();
    String port = context.getEnvironment().getProperty("local.server.port");
    // Readiness turns UP only after this event's listeners have returned: ask from a thread of its own.
    Thread.ofPlatform().name("training-run").start(() -> {
      boolean ready = port != null && awaitReadiness(port, patience);
      log.info("Training run: readiness {}; exiting so the JVM writes the start-up cache", ready ? "UP" : "never UP");
      exit.accept(ready ? SpringApplication.exit(context) : SpringApplication.exit(context, () -> 1));
    });
  }

  /** Polls the readiness probe as an orchestrator (or the benchmark harness) does, until it answers 200. */
  private static boolean awaitReadiness(String port, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    HttpRequest readiness = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
        .timeout(Duration.ofSeconds(30))
        .build();
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
      while (System.nanoTime() < deadline) {
        try {
          if (http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            return true;
          }
        } catch (IOException notYet) {
          log.debug("Training run: readiness did not answer yet: {}", notYet.toString());
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }
}
