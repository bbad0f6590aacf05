package dev.pitcrew.api.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.metrics.ApplicationStartup;

/**
 * With a flight recording running, a context started with {@link StartupSteps#forThisJvm()} writes its start-up
 * steps into it: each bean's creation by name, which is what docs/performance.md reads a start's timeline from.
 */
class StartupStepsTest {

  @Test
  void aRecordingRunningAtTheStartReceivesEveryBeansCreation() throws Exception {
    Path file = Files.createTempFile("startup-steps", ".jfr");
    try (Recording recording = new Recording()) {
      recording.enable("org.springframework.core.metrics.jfr.FlightRecorderStartupEvent");
      recording.start();
      ApplicationStartup startup = StartupSteps.forThisJvm();
      try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
        context.setApplicationStartup(startup);
        context.register(OneBean.class);
        context.refresh();
      }
      recording.stop();
      recording.dump(file);

      List<RecordedEvent> steps = RecordingFile.readAllEvents(file);
      assertThat(steps)
          .anySatisfy(step -> {
            assertThat(step.getString("name")).isEqualTo("spring.beans.instantiate");
            assertThat(step.getString("tags")).contains("beanName=startupStepsSample");
          });
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OneBean {
    @Bean
    String startupStepsSample() {
      return "sample";
    }
  }
}
