package dev.pitcrew.api.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceNamesTest {

  @Test
  void labelsFromOtherSystemsBecomeTheSlugPoliciesAndFiltersUse() {
    assertThat(ServiceNames.slugOf("game-api")).isEqualTo("game-api");
    assertThat(ServiceNames.slugOf("Game_API")).isEqualTo("game-api");
    assertThat(ServiceNames.slugOf("  Match Service / EU ")).isEqualTo("match-service-eu");
    assertThat(ServiceNames.slugOf("x".repeat(70))).hasSize(63);
  }

  @Test
  void namesWithNothingUsableHaveNoSlug() {
    assertThat(ServiceNames.slugOf(null)).isNull();
    assertThat(ServiceNames.slugOf("   ")).isNull();
    assertThat(ServiceNames.slugOf("42")).isNull();
    assertThat(ServiceNames.slugOf("3ds-gateway")).as("not silently ds-gateway").isNull();
    assertThat(ServiceNames.slugOf("---")).isNull();
  }
}
