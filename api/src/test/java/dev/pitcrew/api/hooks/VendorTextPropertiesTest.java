package dev.pitcrew.api.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.workflows.text.HostileText;
import dev.pitcrew.workflows.text.StorableText;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Whatever text Alertmanager and JIRA send, the parsers accept the delivery and hand on only storable text, equal
 * to what was sent except NUL and lone surrogates (U+FFFD). The end-to-end property (the incident opens, pages and
 * lists) is in {@code InputBoundaryTest}; this one runs many more tries because it needs no server. Samples come from
 * {@link HostileText} (fixed seed; {@code -Dpitcrew.hostileText.seed=<n>} to change it).
 */
class VendorTextPropertiesTest {
  private static final JsonMapper ESCAPING = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
  private final AlertmanagerNotificationParser alertmanager = new AlertmanagerNotificationParser(JsonMapper.builder().build());
  private final JiraDeliveryParser jira = new JiraDeliveryParser(JsonMapper.builder().build());
  private final HostileText hostile = HostileText.seeded();

  @Test
  void alertmanagerLabelsAndAnnotationsArriveStorable() {
    hostile.forAll(300, samples(), this::alertmanagerLabelsAndAnnotationsArriveStorable);
  }

  private void alertmanagerLabelsAndAnnotationsArriveStorable(String text) {
    ObjectNode alert = ESCAPING.createObjectNode().put("status", "firing").put("fingerprint", "f1");
    alert.putObject("labels").put("alertname", "A" + text).put("team", text).put("k\u0000ey", "v"); // Jackson escapes NUL in names; it cannot write a lone surrogate in one
    alert.putObject("annotations").put("summary", text).put("description", text);
    ObjectNode body = ESCAPING.createObjectNode().put("version", "4").put("groupKey", "g" + text)
        .put("status", "firing");
    body.putArray("alerts").add(alert);

    AlertmanagerNotification parsed = alertmanager.parse(ESCAPING.writeValueAsBytes(body));

    AlertmanagerNotification.AlertEntry entry = parsed.alerts().getFirst();
    assertStorable(parsed.groupKey());
    entry.labels().forEach((name, value) -> {
      assertStorable(name);
      assertStorable(value);
    });
    entry.annotations().values().forEach(VendorTextPropertiesTest::assertStorable);
    assertThat(entry.annotations().get("description")).isEqualTo(StorableText.of(text));
    assertThat(entry.labels()).containsEntry("alertname", StorableText.of("A" + text));
  }

  @Test
  void jiraSummariesArriveStorable() {
    hostile.forAll(300, samples(), this::jiraSummariesArriveStorable);
  }

  private void jiraSummariesArriveStorable(String text) {
    ObjectNode body = ESCAPING.createObjectNode().put("webhookEvent", "jira:issue_created");
    ObjectNode fields = body.putObject("issue").put("key", "SUP-1").putObject("fields");
    fields.put("summary", "S" + text);
    fields.putObject("priority").put("name", "High" + text);

    JiraDelivery parsed = jira.parse(ESCAPING.writeValueAsBytes(body));

    assertThat(parsed.toString()).doesNotContain("\u0000");
    assertThat(StorableText.isStorable(parsed.toString())).isTrue();
  }

  private static void assertStorable(String text) {
    assertThat(StorableText.isStorable(text)).as("storable: %s", text).isTrue();
  }

  /** Up to 80 UTF-16 units of anything: hostile characters, pairs and ordinary text, alone and mixed. */
  private Stream<String> samples() {
    return hostile.strings(0, 80);
  }
}
