package dev.pitcrew.api.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.workflows.text.StorableText;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Whatever text Alertmanager and JIRA send, the parsers accept the delivery and hand on only storable text, equal
 * to what was sent except NUL and lone surrogates (U+FFFD). The end-to-end property (the incident opens, pages and
 * lists) is in {@code InputBoundaryTest}; this one runs many more tries because it needs no server.
 */
class VendorTextProperties {
  private static final JsonMapper ESCAPING = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
  private final AlertmanagerNotificationParser alertmanager = new AlertmanagerNotificationParser(JsonMapper.builder().build());
  private final JiraDeliveryParser jira = new JiraDeliveryParser(JsonMapper.builder().build());

  @Property(tries = 300)
  void alertmanagerLabelsAndAnnotationsArriveStorable(@ForAll("hostile") String text) {
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
    entry.annotations().values().forEach(VendorTextProperties::assertStorable);
    assertThat(entry.annotations().get("description")).isEqualTo(StorableText.of(text));
    assertThat(entry.labels()).containsEntry("alertname", StorableText.of("A" + text));
  }

  @Property(tries = 300)
  void jiraSummariesArriveStorable(@ForAll("hostile") String text) {
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

  @Provide
  Arbitrary<String> hostile() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars('\u0000', '\uD800', '\uDFFF', '\u202E', '\u200F', '\u0007', '\u001B', 'ש',
            '\uD83D', '\uDD25', 'a', ' ').ofMaxLength(40),
        Arbitraries.strings().all().ofMaxLength(80));
  }
}
