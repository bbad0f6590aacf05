package dev.pitcrew.api.slack.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitcrew.api.slack.UsageException;
import dev.pitcrew.workflows.incident.Severity;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentDeclarationTest {

  private static IncidentDeclaration parse(String text) {
    return IncidentDeclaration.parse(words(text), "unassigned");
  }

  private static List<String> words(String text) {
    return text.isEmpty() ? List.of() : Arrays.asList(text.split(" "));
  }

  @Test
  void severityAndServiceMayStandAnywhereAndTheRestIsTheTitle() {
    assertThat(parse("Login errors spiking sev2 service:game-api"))
        .isEqualTo(new IncidentDeclaration("Login errors spiking", Severity.SEV2, "game-api"));
    assertThat(parse("SEV1 service:payments Checkout fails"))
        .isEqualTo(new IncidentDeclaration("Checkout fails", Severity.SEV1, "payments"));
  }

  @Test
  void withoutThemSeverityIsSev3AndTheServiceTheConfiguredDefault() {
    assertThat(parse("Leaderboard is stale"))
        .isEqualTo(new IncidentDeclaration("Leaderboard is stale", Severity.SEV3, "unassigned"));
  }

  @Test
  void mistakesAreUsageErrorsThatSayWhatToFix() {
    assertThatThrownBy(() -> parse("sev2 service:game-api")).isInstanceOf(UsageException.class)
        .hasMessage("`incident declare` needs a title: what is wrong, in a few words.");
    assertThatThrownBy(() -> parse("Outage sev1 sev2")).isInstanceOf(UsageException.class)
        .hasMessage("Give one severity, not both SEV1 and SEV2.");
    assertThatThrownBy(() -> parse("Outage service:Game_API")).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("`service:Game_API` is not a service name");
    assertThatThrownBy(() -> parse("Outage service:a service:b")).isInstanceOf(UsageException.class)
        .hasMessage("Give one `service:<name>`, not two.");
    assertThatThrownBy(() -> parse("x".repeat(151))).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("The title is 151 characters; at most 150.");
  }
}
