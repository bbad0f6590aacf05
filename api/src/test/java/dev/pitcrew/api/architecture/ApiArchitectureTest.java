package dev.pitcrew.api.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.pitcrew.architecture.fixtures.SqlRunningController;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

/**
 * The api module's layers: controllers answer HTTP and call services and repositories, which own the SQL; the api
 * reaches the activities module through its ports, repositories and value types, never through a Temporal
 * activity implementation (those run on workers, inside a workflow's retries). Each rule has a fixture in the test
 * sources that breaks it, so a rule that stopped matching anything would fail here too.
 */
class ApiArchitectureTest {
  private static final JavaClasses API_CODE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.pitcrew.api");

  static final ArchRule CONTROLLERS_RUN_NO_SQL =
      noClasses()
          .that().areAnnotatedWith(RestController.class)
          .or().areAnnotatedWith(Controller.class)
          .should().dependOnClassesThat()
          .resideInAnyPackage("org.springframework.jdbc..", "java.sql..", "javax.sql..", "org.postgresql..")
          .because("persistence has one owner: SQL lives in repositories and query classes, "
              + "which controllers call");

  static final ArchRule API_USES_NO_ACTIVITY_IMPLEMENTATIONS =
      noClasses()
          .that().resideInAPackage("dev.pitcrew.api..")
          .should().dependOnClassesThat()
          .haveSimpleNameEndingWith("ActivitiesImpl")
          .because("activity implementations run on workers, inside a workflow's retries; the api uses the "
              + "ports, repositories and value types of the activities module");

  @Test
  void controllersRunNoSql() {
    CONTROLLERS_RUN_NO_SQL.check(API_CODE);
  }

  @Test
  void theApiUsesNoActivityImplementation() {
    API_USES_NO_ACTIVITY_IMPLEMENTATIONS.check(API_CODE);
  }

  @Test
  void eachRuleFiresOnItsFixture() {
    assertThatThrownBy(() -> CONTROLLERS_RUN_NO_SQL.check(
            new ClassFileImporter().importClasses(SqlRunningController.class)))
        .isInstanceOf(AssertionError.class).hasMessageContaining("SqlRunningController");
    assertThatThrownBy(() -> API_USES_NO_ACTIVITY_IMPLEMENTATIONS.check(
            new ClassFileImporter().importClasses(ActivityReachingService.class)))
        .isInstanceOf(AssertionError.class).hasMessageContaining("ActivityReachingService");
  }
}
