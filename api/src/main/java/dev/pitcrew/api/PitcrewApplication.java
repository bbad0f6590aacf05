package dev.pitcrew.api;

import dev.pitcrew.api.startup.StartupSteps;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The Pitcrew server: REST API, webhooks and console. In local mode (the default) the same process also runs the
 * workers, a Temporal engine and PostgreSQL, so one command is the whole product.
 */
@SpringBootApplication(
    scanBasePackages = {
      "dev.pitcrew.api",
      "dev.pitcrew.workers.temporal",
      "dev.pitcrew.workers.encryption",
      "dev.pitcrew.workers.observability",
      "dev.pitcrew.workers.worker",
      "dev.pitcrew.activities"
    })
@ConfigurationPropertiesScan("dev.pitcrew.api")
public class PitcrewApplication {

  public static void main(String[] args) {
    SpringApplication application = new SpringApplication(PitcrewApplication.class);
    application.setApplicationStartup(StartupSteps.forThisJvm());
    application.run(args);
  }
}
