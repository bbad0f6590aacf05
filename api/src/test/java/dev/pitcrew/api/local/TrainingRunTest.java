package dev.pitcrew.api.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * The start-up cache's training run waits, over real HTTP, for readiness to answer UP the way an orchestrator
 * does, and only then closes the application and exits; a readiness that never comes exits 1, so {@code ./pitcrew
 * run} drops the cache instead of keeping one of a start that failed.
 */
class TrainingRunTest {
  private HttpServer probe;
  private final AtomicInteger asked = new AtomicInteger();
  private volatile int answersBeforeUp;

  @BeforeEach
  void readinessProbe() throws IOException {
    probe = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    probe.createContext("/actuator/health/readiness", exchange -> {
      int status = asked.incrementAndGet() > answersBeforeUp ? 200 : 503;
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    probe.start();
  }

  @AfterEach
  void stop() {
    probe.stop(0);
  }

  @Test
  void exitsOnceReadinessAnswersUp() throws Exception {
    answersBeforeUp = 2;
    BlockingQueue<Integer> exitCodes = new ArrayBlockingQueue<>(1);
    GenericApplicationContext context = listening();

    new TrainingRun(true, Duration.ofSeconds(30), exitCodes::add).onApplicationEvent(ready(context));

    assertThat(exitCodes.poll(30, TimeUnit.SECONDS)).isZero();
    assertThat(asked.get()).isEqualTo(3);
    assertThat(context.isActive()).as("context closed before the exit").isFalse();
  }

  @Test
  void exitsWithOneWhenReadinessNeverComes() throws Exception {
    answersBeforeUp = Integer.MAX_VALUE;
    BlockingQueue<Integer> exitCodes = new ArrayBlockingQueue<>(1);
    GenericApplicationContext context = listening();

    new TrainingRun(true, Duration.ofSeconds(1), exitCodes::add).onApplicationEvent(ready(context));

    assertThat(exitCodes.poll(30, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(context.isActive()).isFalse();
  }

  @Test
  void anOrdinaryStartGoesOn() throws Exception {
    BlockingQueue<Integer> exitCodes = new ArrayBlockingQueue<>(1);
    GenericApplicationContext context = listening();

    new TrainingRun(false, Duration.ofSeconds(30), exitCodes::add).onApplicationEvent(ready(context));

    assertThat(exitCodes.poll(1, TimeUnit.SECONDS)).isNull();
    assertThat(asked.get()).isZero();
    assertThat(context.isActive()).isTrue();
    context.close();
  }

  private GenericApplicationContext listening() {
    GenericApplicationContext context = new GenericApplicationContext();
    context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("server",
        Map.of("local.server.port", String.valueOf(probe.getAddress().getPort()))));
    context.refresh();
    return context;
  }

  private static ApplicationReadyEvent ready(GenericApplicationContext context) {
    return new ApplicationReadyEvent(new SpringApplication(), new String[0], context, Duration.ZERO);
  }
}
