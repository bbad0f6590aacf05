package dev.pitcrew.workers;

import dev.pitcrew.workers.temporal.TemporalEndpoint;
import dev.pitcrew.workers.temporal.TemporalProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The standalone worker process for cluster mode: {@code java -jar workers/target/pitcrew-workers-*-exec.jar}
 * with {@code PITCREW_TEMPORAL_TARGET} and {@code SPRING_DATASOURCE_*} set. Scale by running more of them.
 */
@SpringBootApplication(scanBasePackages = {"dev.pitcrew.workers", "dev.pitcrew.activities"})
public class PitcrewWorkersApplication {

  public static void main(String[] args) {
    SpringApplication.run(PitcrewWorkersApplication.class, args);
  }

  @Bean
  TemporalEndpoint temporalEndpoint(TemporalProperties properties) {
    if (!properties.clusterMode()) {
      throw new IllegalStateException(
          "The standalone worker needs a Temporal cluster: set PITCREW_TEMPORAL_TARGET (host:port). "
              + "For a laptop, run the API server instead; it embeds the workers and an engine.");
    }
    return TemporalEndpoint.cluster(properties.target(), properties.namespace(), null);
  }
}
