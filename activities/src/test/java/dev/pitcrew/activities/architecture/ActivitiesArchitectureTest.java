package dev.pitcrew.activities.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The activities module's rules, next to the workflow rules in {@code WorkflowArchitectureTest}: adapters know
 * nothing of the api or the worker process that hosts them, and every outbox implementation of an integration's
 * port writes through the one typed repository (one table, one reader). Each rule has a fixture in the test sources
 * that breaks it, so a rule that stopped matching anything would fail here too.
 */
class ActivitiesArchitectureTest {
  private static final JavaClasses ACTIVITIES_CODE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.pitcrew.activities");

  static final ArchRule ACTIVITIES_KNOW_NOTHING_OF_API_OR_WORKERS =
      noClasses()
          .that().resideInAPackage("dev.pitcrew.activities..")
          .should().dependOnClassesThat().resideInAnyPackage("dev.pitcrew.api..", "dev.pitcrew.workers..")
          .because("adapters are used by workers and the api alike; the dependency points one way");

  static final ArchRule OUTBOXES_WRITE_THROUGH_THE_REPOSITORY =
      noClasses()
          .that().resideInAPackage("dev.pitcrew.activities..")
          .and().haveSimpleNameEndingWith("Outbox")
          .should().dependOnClassesThat()
          .resideInAnyPackage("org.springframework.jdbc..", "java.sql..", "javax.sql..")
          .because("every outbox implementation writes through OutboxRepository into the one outbox table");

  @Test
  void activitiesKnowNothingOfTheApiOrTheWorkers() {
    ACTIVITIES_KNOW_NOTHING_OF_API_OR_WORKERS.check(ACTIVITIES_CODE);
  }

  @Test
  void outboxesWriteThroughTheRepository() {
    OUTBOXES_WRITE_THROUGH_THE_REPOSITORY.check(ACTIVITIES_CODE);
  }

  @Test
  void eachRuleFiresOnItsFixture() {
    assertThatThrownBy(() -> ACTIVITIES_KNOW_NOTHING_OF_API_OR_WORKERS.check(
            new ClassFileImporter().importClasses(ApiReachingAdapter.class)))
        .isInstanceOf(AssertionError.class).hasMessageContaining("ApiReachingAdapter");
    assertThatThrownBy(() -> OUTBOXES_WRITE_THROUGH_THE_REPOSITORY.check(
            new ClassFileImporter().importClasses(RogueOutbox.class)))
        .isInstanceOf(AssertionError.class).hasMessageContaining("RogueOutbox");
  }
}
