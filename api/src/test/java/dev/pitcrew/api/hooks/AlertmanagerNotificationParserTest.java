package dev.pitcrew.api.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pitcrew.api.hooks.AlertmanagerPayloads.Alert;
import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.problem.FieldProblem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Validation of whole Alertmanager deliveries; the HTTP side is in {@link IncidentWebhooksTest}. */
class AlertmanagerNotificationParserTest {
  private final AlertmanagerNotificationParser parser = new AlertmanagerNotificationParser(JsonMapper.builder().build());

  private ApiException refused(String body) {
    return catchThrowableOfType(ApiException.class, () -> parser.parse(body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void theDocumentedExamplePayloadsAreRead() throws Exception {
    Path examples = Path.of("..", "docs", "examples");

    AlertmanagerNotification firing = parser.parse(Files.readAllBytes(examples.resolve("alertmanager-firing.json")));
    AlertmanagerNotification resolved = parser.parse(Files.readAllBytes(examples.resolve("alertmanager-resolved.json")));

    assertThat(firing.status()).isEqualTo("firing");
    assertThat(firing.alerts()).hasSize(2).allSatisfy(a -> assertThat(a.firing()).isTrue());
    assertThat(firing.alerts().get(0).labels()).containsEntry("service", "game-api");
    assertThat(firing.alerts().get(0).annotations().get("summary")).isEqualTo("game-api 5xx ratio above 5% in prod");
    assertThat(resolved.groupKey()).isEqualTo(firing.groupKey());
    assertThat(resolved.alerts()).extracting(AlertmanagerNotification.AlertEntry::fingerprint)
        .containsExactly("5e1d3c9a7b2f4e60", "a04be7c21f9d3815");
    assertThat(resolved.alerts()).noneMatch(AlertmanagerNotification.AlertEntry::firing);
  }

  @Test
  void everyProblemOfADeliveryIsNamedInOneAnswer() {
    String body = AlertmanagerPayloads.group("g", Alert.firing("f1", "game-api", "critical"),
            Alert.firing("f2", "game-api", "critical"))
        .replace("\"version\": \"4\",", "")
        .replaceFirst("\"fingerprint\": \"f2\"", "\"fingerprint\": 42")
        .replaceFirst("\"service\": \"game-api\"", "\"service\": [\"game-api\"]");

    ApiException problem = refused(body);

    assertThat(problem.fieldProblems()).extracting(FieldProblem::field)
        .containsExactlyInAnyOrder("version", "alerts[0].labels.service", "alerts[1].fingerprint");
    assertThat(problem.getMessage()).contains("Nothing was done");
  }

  @Test
  void anEmptyOrMissingAlertListAndANonObjectBodyAreRefused() {
    assertThat(refused("[]").fieldProblems()).extracting(FieldProblem::field).containsExactly("body");
    assertThat(refused("""
        {"version": "4", "groupKey": "g", "status": "firing", "alerts": []}""").fieldProblems())
        .extracting(FieldProblem::field).containsExactly("alerts");
    assertThat(refused("""
        {"version": "4", "groupKey": "g", "status": "firing", "alerts": [{"status": "firing", "fingerprint": "f"}]}""")
        .fieldProblems()).extracting(FieldProblem::field).containsExactly("alerts[0].labels");
  }
}
