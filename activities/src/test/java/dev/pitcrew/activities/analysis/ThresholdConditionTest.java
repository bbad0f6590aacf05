package dev.pitcrew.activities.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ThresholdConditionTest {

  @Test
  void comparesTheFirstOrAnIndexedSample() {
    assertThat(ThresholdCondition.parse("result >= 0.99").holdsFor(List.of(0.995))).isTrue();
    assertThat(ThresholdCondition.parse("result[0] >= 0.99").holdsFor(List.of(0.98))).isFalse();
    assertThat(ThresholdCondition.parse("result[1] < 250").holdsFor(List.of(0.5, 200.0))).isTrue();
    assertThat(ThresholdCondition.parse("result != 0").holdsFor(List.of(0.0))).isFalse();
    assertThat(ThresholdCondition.parse("result == 1e-3").holdsFor(List.of(0.001))).isTrue();
  }

  @Test
  void andBindsTighterThanOr() {
    ThresholdCondition condition = ThresholdCondition.parse("result[0] > 5 || result[0] > 1 && result[1] < 1");

    assertThat(condition.holdsFor(List.of(6.0, 9.0))).isTrue();
    assertThat(condition.holdsFor(List.of(2.0, 0.5))).isTrue();
    assertThat(condition.holdsFor(List.of(2.0, 3.0))).isFalse();
  }

  @Test
  void rejectsWhatItCannotRead() {
    assertThatThrownBy(() -> ThresholdCondition.parse("len(result) > 0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected e.g. result[0] >= 0.99");
    assertThatThrownBy(() -> ThresholdCondition.parse("result[2] > 0").holdsFor(List.of(1.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("returned 1 sample");
  }
}
