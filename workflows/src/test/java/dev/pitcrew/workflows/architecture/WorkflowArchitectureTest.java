package dev.pitcrew.workflows.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Workflow code must be deterministic and free of infrastructure: it runs again on replay, on any worker.
 * Everything under {@code dev.pitcrew.workflows} is workflow-side code (workflows, their inputs and the activity
 * ports), so the rules apply to all of it.
 */
class WorkflowArchitectureTest {
  private static final JavaClasses WORKFLOW_CODE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.pitcrew.workflows");

  static final ArchRule NO_INFRASTRUCTURE =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.fabric8..", "com.slack..", "com.github.dikhan..", "java.sql..", "javax.sql..",
              "org.springframework..", "org.postgresql..", "jakarta.persistence..")
          .because("workflows hold orchestration only; adapters to real systems live in the activities module");

  static final ArchRule NO_WALL_CLOCK_RANDOMNESS_OR_THREADS =
      noClasses()
          .should()
          .callMethod(System.class, "currentTimeMillis")
          .orShould().callMethod(System.class, "nanoTime")
          .orShould().callMethod(Instant.class, "now")
          .orShould().callMethod(LocalDateTime.class, "now")
          .orShould().callMethod(OffsetDateTime.class, "now")
          .orShould().callMethod(ZonedDateTime.class, "now")
          .orShould().callMethod(Thread.class, "sleep", long.class)
          .orShould().callMethod(UUID.class, "randomUUID")
          .orShould().callConstructor(Random.class)
          .orShould().callConstructor(SecureRandom.class)
          .orShould().callConstructor(Thread.class, Runnable.class)
          .because("workflow code is replayed; use Workflow.currentTimeMillis, Workflow.sleep, "
              + "Workflow.randomUUID and Workflow.newRandom instead");

  @Test
  void workflowsDependOnNoInfrastructure() {
    NO_INFRASTRUCTURE.check(WORKFLOW_CODE);
  }

  @Test
  void workflowsAreDeterministic() {
    NO_WALL_CLOCK_RANDOMNESS_OR_THREADS.check(WORKFLOW_CODE);
  }

  @Test
  void determinismRuleCatchesAViolation() {
    JavaClasses offender =
        new ClassFileImporter().importPackages("dev.pitcrew.archfixture");

    assertThatThrownBy(() -> NO_WALL_CLOCK_RANDOMNESS_OR_THREADS.check(offender))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Instant.now()")
        .hasMessageContaining("UUID.randomUUID()")
        .hasMessageContaining("System.currentTimeMillis()");
  }
}
