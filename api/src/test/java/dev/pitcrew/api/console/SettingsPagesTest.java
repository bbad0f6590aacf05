package dev.pitcrew.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.api.security.tokens.ApiTokens;
import dev.pitcrew.api.support.HttpApi;
import dev.pitcrew.api.support.HttpApi.Response;
import dev.pitcrew.api.support.SharedServerTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The console's Settings forms rendered by the server in their empty, normal and error states: the same services,
 * permissions and validation as the REST API, a refused field shown at the field. Posted with an API token (CSRF
 * guards session cookies, which the browser test covers).
 */
class SettingsPagesTest extends SharedServerTest {
  private static final String FORM = "application/x-www-form-urlencoded";
  private final String suffix = UUID.randomUUID().toString().substring(0, 6);

  @Autowired ApiTokens tokens;

  private HttpApi operator() {
    String secret = tokens.issue("settings-operator-" + suffix, "service", "token:settings-operator-" + suffix,
        List.of("operator"), null, null, "test").secret();
    return new HttpApi(port, secret);
  }

  private static Response form(HttpApi caller, String path, String... fields) {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < fields.length; i += 2) {
      body.append(body.isEmpty() ? "" : "&").append(fields[i]).append('=')
          .append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
    }
    return caller.request("POST", path, FORM, body.toString(), "Accept", "text/html");
  }

  @Test
  void apiTokensAreIssuedOnceListedAndRevoked() {
    HttpApi operator = operator();
    Response empty = operator.get("/settings/tokens", "Accept", "text/html");
    assertThat(empty.status()).isEqualTo(200);
    assertThat(empty.text()).contains("<h1>API tokens</h1>", "id=\"new-token\"", "token-role-operator")
        .doesNotContain("id=\"token-secret\"", "class=\"field-error\"", "kind-service");

    Response issued = form(operator, "/settings/tokens", "name", "ci-" + suffix, "roles", "operator",
        "expiresInDays", "30");
    assertThat(issued.status()).as(issued.text()).isEqualTo(200);
    Matcher secret = Pattern.compile("id=\"token-secret\">(pct_[^<]+)<").matcher(issued.text());
    assertThat(secret.find()).as("the secret is shown once").isTrue();
    assertThat(new HttpApi(port, secret.group(1)).get("/api/v1/me").status()).as("the token works").isEqualTo(200);
    Response listed = operator.get("/settings/tokens", "Accept", "text/html");
    assertThat(listed.text()).contains("ci-" + suffix).doesNotContain(secret.group(1));

    Matcher id = Pattern.compile("data-token=\"([^\"]+)\"[^>]*>\\s*<td>ci-" + suffix).matcher(listed.text());
    assertThat(id.find()).as(listed.text()).isTrue();
    Response revoked = form(operator, "/settings/tokens/" + id.group(1) + "/revoke");
    assertThat(revoked.status()).isEqualTo(200);
    assertThat(revoked.text()).contains("ci-" + suffix + " is revoked");
    assertThat(new HttpApi(port, secret.group(1)).get("/api/v1/me").status()).as("refused once revoked")
        .isEqualTo(401);
  }

  @Test
  void aRefusedTokenIsShownAtItsFields() {
    HttpApi operator = operator();
    Response badName = form(operator, "/settings/tokens", "name", "has spaces " + suffix, "roles", "operator",
        "expiresInDays", "999");
    assertThat(badName.status()).isEqualTo(400);
    assertThat(badName.text()).contains("id=\"token-name-error\"", "id=\"token-days-error\"",
        "value=\"has spaces " + suffix + "\"").doesNotContain("id=\"token-secret\"");

    Response tooStrong = form(operator, "/settings/tokens", "name", "escalate-" + suffix, "roles", "admin");
    assertThat(tooStrong.status()).isEqualTo(400);
    assertThat(tooStrong.text()).contains("id=\"token-roles-error\"", "allows more than you may do");

    Response noRole = form(operator, "/settings/tokens", "name", "none-" + suffix);
    assertThat(noRole.status()).isEqualTo(400);
    assertThat(noRole.text()).contains("choose at least one role");
    assertThat(operator.get("/api/v1/tokens").body().get("items").valueStream()
        .map(t -> t.get("name").asString())).as("nothing was issued").noneMatch(n -> n.endsWith(suffix)
        && !n.startsWith("settings-operator"));
  }

  @Test
  void escalationPoliciesAreSetWithTheirRefusedFieldsShownAtTheField() {
    String service = "policy-form-" + suffix;
    Response before = new HttpApi(port).get("/settings/escalation-policies", "Accept", "text/html");
    assertThat(before.status()).isEqualTo(200);
    assertThat(before.text()).contains("<h1>Escalation policies</h1>", "id=\"policy-form\"")
        .doesNotContain("data-service=\"" + service + "\"", "class=\"field-error\"");
    assertThat(operator().get("/settings/escalation-policies", "Accept", "text/html").text())
        .as("the form is for policies.write only").doesNotContain("id=\"policy-form\"");

    Response refused = form(new HttpApi(port), "/settings/escalation-policies", "service", service,
        "ack", "0", "pagerDuty", "primary", "slack", "",
        "ack", "10", "pagerDuty", "", "slack", "not-a-group", "repeats", "12");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text()).contains("id=\"ack-0-error\"", "must be at least 1", "id=\"slack-1-error\"",
        "Slack user group ID such as", "id=\"policy-repeats-error\"", "value=\"not-a-group\"");
    assertThat(new HttpApi(port).get("/api/v1/escalation-policies/" + service).status()).as("nothing saved")
        .isEqualTo(404);

    Response saved = form(new HttpApi(port), "/settings/escalation-policies", "service", service,
        "ack", "5", "pagerDuty", "primary", "slack", "",
        "ack", "15", "pagerDuty", "", "slack", "S0ABC123", "repeats", "1", "autoResolve", "on");
    assertThat(saved.status()).as(saved.text()).isEqualTo(200);
    assertThat(saved.text()).contains("Saved the escalation policy of " + service, "data-service=\"" + service + "\"",
        "5 min: primary", "15 min: S0ABC123");
    var policy = new HttpApi(port).get("/api/v1/escalation-policies/" + service).body();
    assertThat(policy.get("levels").size()).isEqualTo(2);
    assertThat(policy.get("repeats").asInt()).isEqualTo(1);
    assertThat(policy.get("autoResolveWhenAlertsClear").asBoolean()).isTrue();
    for (String outcome : List.of("ACCEPTED", "REJECTED")) {
      assertThat(new HttpApi(port).get("/api/v1/audit?outcome=" + outcome + "&action="
          + URLEncoder.encode("POST /settings/escalation-policies", StandardCharsets.UTF_8)).body().get("items")
          .isEmpty()).as("audited as " + outcome).isFalse();
    }
  }

  @Test
  void slaPoliciesAreCreatedEditedAndRefusedAtTheField() {
    HttpApi admin = new HttpApi(port);
    String policy = "sla-form-" + suffix;
    String calendar = "sla-form-cal-" + suffix;
    assertThat(admin.put("/api/v1/sla/calendars/" + calendar, """
        {"zone": "Europe/Berlin", "hours": [{"day": "MONDAY", "from": "09:00", "to": "17:00"}]}""").status())
        .isEqualTo(200);
    Response before = admin.get("/settings/sla-policies", "Accept", "text/html");
    assertThat(before.status()).isEqualTo(200);
    assertThat(before.text()).contains("<h1>SLA policies</h1>", "id=\"sla-policy-form\"")
        .doesNotContain("data-sla-policy=\"" + policy + "\"", "class=\"field-error\"");
    assertThat(operator().get("/settings/sla-policies", "Accept", "text/html").text())
        .as("the form is for sla.admin only").contains("<h1>SLA policies</h1>").doesNotContain("id=\"sla-policy-form\"");
    assertThat(form(operator(), "/settings/sla-policies", "name", policy, "calendar", calendar).status())
        .as("refused to operators as PUT is").isEqualTo(403);

    // The second row is left blank: the refusal of the third goal sent second still lands on its own row.
    Response refused = form(admin, "/settings/sla-policies", "name", policy, "calendar", calendar,
        "priority", "P1", "firstResponse", "PT1H", "resolution", "4 hours",
        "priority", "", "firstResponse", "", "resolution", "",
        "priority", "P2", "firstResponse", "PT0S", "resolution", "PT8H",
        "resolvedStatuses", "", "warningPercents", "50, 150");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text()).contains("id=\"sla-resolution-0-error\"", "id=\"sla-resolved-error\"",
        "id=\"sla-warnings-error\"", "value=\"4 hours\"", "value=\"50, 150\"")
        .doesNotContain("id=\"sla-policy-saved\"");
    assertThat(admin.get("/api/v1/sla/policies/" + policy).status()).as("nothing saved").isEqualTo(404);

    Response zero = form(admin, "/settings/sla-policies", "name", policy, "calendar", calendar,
        "priority", "P1", "firstResponse", "PT1H", "resolution", "PT4H",
        "priority", "", "firstResponse", "", "resolution", "",
        "priority", "P2", "firstResponse", "PT0S", "resolution", "PT8H", "resolvedStatuses", "Done");
    assertThat(zero.status()).isEqualTo(400);
    assertThat(zero.text()).contains("id=\"sla-first-2-error\"", "must be a positive ISO-8601 duration");
    Response noCalendar = form(admin, "/settings/sla-policies", "name", "has spaces", "calendar", "nowhere-" + suffix,
        "priority", "P1", "firstResponse", "PT1H", "resolution", "PT4H", "resolvedStatuses", "Done");
    assertThat(noCalendar.status()).isEqualTo(400);
    assertThat(noCalendar.text()).contains("id=\"sla-name-error\"", "value=\"has spaces\"");

    Response saved = form(admin, "/settings/sla-policies", "name", policy, "calendar", calendar,
        "priority", "P1", "firstResponse", "PT1H", "resolution", "PT4H",
        "priority", "P2", "firstResponse", "PT4H", "resolution", "P2D",
        "pauseStatuses", "Waiting for customer", "resolvedStatuses", "Resolved, Closed", "warningPercents", "50, 80",
        "breachSlack", "on", "breachPagePriorities", "P1", "reopenWindow", "P3D");
    assertThat(saved.status()).as(saved.text()).isEqualTo(200);
    assertThat(saved.text()).contains("Saved the SLA policy " + policy, "data-sla-policy=\"" + policy + "\"",
        "P1: PT1H / PT4H", "P2: PT4H / PT48H");
    var stored = admin.get("/api/v1/sla/policies/" + policy).body().get("policy");
    assertThat(stored.get("calendar").asString()).isEqualTo(calendar);
    assertThat(stored.get("resolvedStatuses").size()).isEqualTo(2);
    assertThat(stored.get("warningPercents").get(1).asInt()).isEqualTo(80);
    assertThat(stored.get("breachActions").get("slack").asBoolean()).isTrue();
    assertThat(stored.get("breachActions").get("pagePriorities").get(0).asString()).isEqualTo("P1");

    Response edit = admin.get("/settings/sla-policies?edit=" + policy, "Accept", "text/html");
    assertThat(edit.text()).as("the form holds the policy as stored").contains("value=\"Waiting for customer\"",
        "value=\"50, 80\"", "value=\"PT72H\"", "id=\"sla-breach-slack\" checked=\"checked\"");
    for (String outcome : List.of("ACCEPTED", "REJECTED")) {
      assertThat(admin.get("/api/v1/audit?outcome=" + outcome + "&action="
          + URLEncoder.encode("POST /settings/sla-policies", StandardCharsets.UTF_8)).body().get("items")
          .isEmpty()).as("audited as " + outcome).isFalse();
    }
  }

  @Test
  void businessCalendarsAreSetWithTheirRefusedFieldsShownAtTheField() {
    HttpApi admin = new HttpApi(port);
    String calendar = "calendar-form-" + suffix;
    Response before = admin.get("/settings/calendars", "Accept", "text/html");
    assertThat(before.status()).isEqualTo(200);
    assertThat(before.text()).contains("<h1>Business calendars</h1>", "id=\"calendar-form\"", "value=\"09:00\"")
        .doesNotContain("data-calendar=\"" + calendar + "\"", "class=\"field-error\"");
    assertThat(operator().get("/settings/calendars", "Accept", "text/html").text())
        .as("the form is for sla.admin only").contains("<h1>Business calendars</h1>").doesNotContain("id=\"calendar-form\"");
    assertThat(form(operator(), "/settings/calendars", "name", calendar, "zone", "UTC").status())
        .as("refused to operators as PUT is").isEqualTo(403);

    // Seven rows, Monday first, as the form posts them.
    Response refused = form(admin, "/settings/calendars", "name", calendar, "zone", "Mars/Olympus",
        "from", "9am", "to", "17:00", "from", "10:00", "to", "", "from", "09:00", "to", "17:00", "from", "", "to", "",
        "from", "", "to", "", "from", "", "to", "", "from", "", "to", "");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text()).contains("id=\"calendar-monday-from-error\"", "id=\"calendar-tuesday-to-error\"",
        "give both times", "id=\"calendar-zone-error\"", "not a time zone", "value=\"9am\"", "value=\"Mars/Olympus\"")
        .doesNotContain("id=\"calendar-saved\"");
    Response backwards = form(admin, "/settings/calendars", "name", calendar, "zone", "Europe/Berlin",
        "from", "", "to", "", "from", "", "to", "", "from", "17:00", "to", "09:00");
    assertThat(backwards.status()).isEqualTo(400);
    assertThat(backwards.text()).contains("id=\"calendar-hours-error\"", "WEDNESDAY: working hours must end after they start");
    assertThat(admin.get("/api/v1/sla/calendars/" + calendar).status()).as("nothing saved").isEqualTo(404);

    Response saved = form(admin, "/settings/calendars", "name", calendar, "zone", "Europe/Berlin",
        "from", "09:00", "to", "17:00", "from", "", "to", "", "from", "", "to", "", "from", "", "to", "",
        "from", "", "to", "", "from", "10:00", "to", "14:00", "from", "", "to", "");
    assertThat(saved.status()).as(saved.text()).isEqualTo(200);
    assertThat(saved.text()).contains("Saved the calendar " + calendar, "data-calendar=\"" + calendar + "\"",
        "Monday 09:00–17:00", "Saturday 10:00–14:00");
    var stored = admin.get("/api/v1/sla/calendars/" + calendar).body().get("calendar");
    assertThat(stored.get("zone").asString()).isEqualTo("Europe/Berlin");
    assertThat(stored.get("hours").size()).isEqualTo(2);

    String ics = String.join("\r\n", "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Studio//Holidays//EN",
        "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20261225", "SUMMARY:Christmas", "END:VEVENT", "END:VCALENDAR", "");
    assertThat(admin.post("/api/v1/sla/calendars/" + calendar + "/holidays", "text/calendar",
        ics.getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
    Response edit = admin.get("/settings/calendars?edit=" + calendar, "Accept", "text/html");
    assertThat(edit.text()).as("the form holds the calendar as stored").contains("Edit " + calendar,
        "id=\"calendar-saturday-from\" name=\"from\" maxlength=\"5\" value=\"10:00\"",
        "id=\"calendar-tuesday-from\" name=\"from\" maxlength=\"5\" value=\"\"");
    Response resaved = form(admin, "/settings/calendars", "name", calendar, "zone", "Europe/London",
        "from", "08:00", "to", "16:00");
    assertThat(resaved.status()).as(resaved.text()).isEqualTo(200);
    var replaced = admin.get("/api/v1/sla/calendars/" + calendar).body().get("calendar");
    assertThat(replaced.get("hours").size()).as("hours are replaced").isEqualTo(1);
    assertThat(replaced.get("holidays").toString()).as("holidays are kept").contains("2026-12-25");
    for (String outcome : List.of("ACCEPTED", "REJECTED")) {
      assertThat(admin.get("/api/v1/audit?outcome=" + outcome + "&action="
          + URLEncoder.encode("POST /settings/calendars", StandardCharsets.UTF_8)).body().get("items")
          .isEmpty()).as("audited as " + outcome).isFalse();
    }
  }

  @Test
  void runbooksAreWrittenAsYamlWithTheirRefusedFieldsNamed() {
    HttpApi admin = new HttpApi(port);
    String runbook = "runbook-form-" + suffix;
    Response before = admin.get("/settings/runbooks", "Accept", "text/html");
    assertThat(before.status()).isEqualTo(200);
    assertThat(before.text()).contains("<h1>Runbooks</h1>", "id=\"runbook-form\"")
        .doesNotContain("data-runbook=\"" + runbook + "\"", "class=\"field-error\"");
    assertThat(operator().get("/settings/runbooks", "Accept", "text/html").text())
        .as("the editor is for runbooks.write only").contains("<h1>Runbooks</h1>").doesNotContain("id=\"runbook-form\"");
    String restart = String.join("\n", "matchers:", "  - alertname=\"SettingsForm" + suffix + "\"",
        "target: {kind: SERVICE}", "steps:", "  - {name: restart, action: ROLLOUT_RESTART}", "");
    assertThat(form(operator(), "/settings/runbooks", "name", runbook, "document", restart).status())
        .as("refused to operators as PUT is").isEqualTo(403);

    Response refused = form(admin, "/settings/runbooks", "name", "Not A Name", "document",
        restart.replace("ROLLOUT_RESTART", "DELETE_POD"));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text()).contains("id=\"runbook-name-error\"", "value=\"Not A Name\"",
        "id=\"runbook-document-error\"", "steps[0].action: DELETE_POD needs target.kind POD", "{name: restart, action: DELETE_POD}");
    Response unreadable = form(admin, "/settings/runbooks", "name", runbook, "document", "steps: [");
    assertThat(unreadable.status()).isEqualTo(400);
    assertThat(unreadable.text()).contains("id=\"runbook-document-error\"", "is not valid YAML")
        .doesNotContain("id=\"runbook-name-error\"");
    assertThat(admin.get("/api/v1/runbooks/" + runbook).status()).as("nothing saved").isEqualTo(404);

    Response created = form(admin, "/settings/runbooks", "name", runbook, "document", restart);
    assertThat(created.status()).as(created.text()).isEqualTo(200);
    assertThat(created.text()).contains("Created runbook " + runbook + ", version 1", "data-runbook=\"" + runbook + "\"",
        "SettingsForm" + suffix);
    Response edit = admin.get("/settings/runbooks?edit=" + runbook, "Accept", "text/html");
    assertThat(edit.text()).as("the editor holds the runbook as stored").contains("Edit " + runbook, "ROLLOUT_RESTART");
    Response changed = form(admin, "/settings/runbooks", "name", runbook, "document", restart + "attempts: 2\n");
    assertThat(changed.text()).contains("Saved runbook " + runbook + ", version 2");
    var stored = admin.get("/api/v1/runbooks/" + runbook).body();
    assertThat(stored.get("version").asInt()).isEqualTo(2);
    assertThat(stored.get("document").get("attempts").asInt()).isEqualTo(2);
    assertThat(stored.get("updatedBy").asString()).as("attributed to the caller").isNotBlank();
    assertThat(admin.delete("/api/v1/runbooks/" + runbook).status()).isEqualTo(204);
    for (String outcome : List.of("ACCEPTED", "REJECTED")) {
      assertThat(admin.get("/api/v1/audit?outcome=" + outcome + "&action="
          + URLEncoder.encode("POST /settings/runbooks", StandardCharsets.UTF_8)).body().get("items")
          .isEmpty()).as("audited as " + outcome).isFalse();
    }
  }

  @Test
  void rolesAreCreatedAndOverriddenWithTheirRefusedFieldsShownAtTheField() {
    HttpApi admin = new HttpApi(port);
    String role = "settings-role-" + suffix;
    Response before = admin.get("/settings/roles", "Accept", "text/html");
    assertThat(before.status()).isEqualTo(200);
    assertThat(before.text()).contains("<h1>Roles</h1>", "id=\"role-form\"", "data-role=\"viewer\"")
        .doesNotContain("data-role=\"" + role + "\"", "class=\"field-error\"");
    assertThat(operator().get("/settings/roles", "Accept", "text/html").status()).as("users.admin only, as REST")
        .isEqualTo(403);

    Response refused = form(admin, "/settings/roles", "name", "Not A Role", "permissions", "read, Deploy!",
        "environments", "staging, Prod", "description", "typed");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text()).contains("id=\"role-name-error\"", "id=\"role-permissions-error\"",
        "(&#39;Deploy!&#39;)", "id=\"role-environments-error\"", "value=\"read, Deploy!\"", "value=\"typed\"")
        .doesNotContain("id=\"role-saved\"");
    Response none = form(admin, "/settings/roles", "name", role, "permissions", " ");
    assertThat(none.status()).isEqualTo(400);
    assertThat(none.text()).contains("id=\"role-permissions-error\"").doesNotContain("id=\"role-name-error\"");
    assertThat(admin.get("/api/v1/roles/" + role).status()).as("nothing saved").isEqualTo(404);

    Response created = form(admin, "/settings/roles", "name", role, "permissions", "read, deploy",
        "environments", "staging", "description", "QA deployers");
    assertThat(created.status()).as(created.text()).isEqualTo(200);
    assertThat(created.text()).contains("Created role " + role, "data-role=\"" + role + "\"");
    var stored = admin.get("/api/v1/roles/" + role).body();
    assertThat(stored.get("permissions").toString()).isEqualTo("[\"read\",\"deploy\"]");
    assertThat(stored.get("environments").toString()).isEqualTo("[\"staging\"]");
    Response edit = admin.get("/settings/roles?edit=" + role, "Accept", "text/html");
    assertThat(edit.text()).as("the form holds the role as in force").contains("Edit " + role,
        "value=\"read, deploy\"", "value=\"staging\"", "value=\"QA deployers\"");
    Response saved = form(admin, "/settings/roles", "name", role, "permissions", "read", "environments", "*");
    assertThat(saved.text()).contains("Saved role " + role);
    assertThat(admin.get("/api/v1/roles/" + role).body().get("environments").toString()).isEqualTo("[\"*\"]");
    assertThat(admin.delete("/api/v1/roles/" + role).status()).isEqualTo(204);
    for (String outcome : List.of("ACCEPTED", "REJECTED")) {
      assertThat(admin.get("/api/v1/audit?outcome=" + outcome + "&action="
          + URLEncoder.encode("POST /settings/roles", StandardCharsets.UTF_8)).body().get("items")
          .isEmpty()).as("audited as " + outcome).isFalse();
    }
  }

  @Test
  void servicesAreCataloguedEditedAndRefusedAtTheField() {
    HttpApi admin = new HttpApi(port);
    String service = "catalogue-form-" + suffix;
    Response before = admin.get("/settings/services", "Accept", "text/html");
    assertThat(before.status()).isEqualTo(200);
    assertThat(before.text()).contains("<h1>Service catalogue</h1>", "id=\"service-form\"")
        .doesNotContain("data-service=\"" + service + "\"", "class=\"field-error\"", "id=\"service-saved\"");
    assertThat(admin.get("/settings", "Accept", "text/html").text()).contains("href=\"/settings/services\"");
    assertThat(operator().get("/settings/services", "Accept", "text/html").text())
        .as("the form is for services.write only").contains("<h1>Service catalogue</h1>")
        .doesNotContain("id=\"service-form\"");
    assertThat(form(operator(), "/settings/services", "name", service, "imageRepository", "registry.example/x",
        "environments", "staging").status()).as("refused to operators as PUT is").isEqualTo(403);

    Response refused = form(admin, "/settings/services", "name", service,
        "imageRepository", "registry.example/game:1.0", "environments", "staging, Prod_EU", "replicas", "two",
        "containerPort", "", "slackChannel", "#ops", "strategy", "{\"scaleDownDelaySeconds\": -5}");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.text()).contains("id=\"service-replicas-error\"", "is not a whole number",
        "id=\"service-environments-error\"", "id=\"service-slack-error\"", "value=\"registry.example/game:1.0\"",
        "value=\"staging, Prod_EU\"", "value=\"two\"").doesNotContain("id=\"service-saved\"");
    Response strategy = form(admin, "/settings/services", "name", service,
        "imageRepository", "registry.example/game:1.0", "environments", "staging",
        "strategy", "{\"scaleDownDelaySeconds\": -5}");
    assertThat(strategy.status()).isEqualTo(400);
    assertThat(strategy.text()).contains("id=\"service-image-error\"", "without tag or digest",
        "id=\"service-strategy-error\"", "must not be negative");
    Response unreadable = form(admin, "/settings/services", "name", service,
        "imageRepository", "registry.example/game", "environments", "staging", "strategy", "{not json");
    assertThat(unreadable.status()).isEqualTo(400);
    assertThat(unreadable.text()).contains("id=\"service-strategy-error\"", "is not valid JSON", "{not json");
    Response badName = form(admin, "/settings/services", "name", "Game_API",
        "imageRepository", "registry.example/game", "environments", "staging");
    assertThat(badName.status()).isEqualTo(400);
    assertThat(badName.text()).contains("id=\"service-name-error\"", "value=\"Game_API\"");
    assertThat(admin.get("/api/v1/services/" + service).status()).as("nothing saved").isEqualTo(404);

    Response created = form(admin, "/settings/services", "name", service,
        "imageRepository", "registry.example/studio/game", "environments", "staging, production", "replicas", "3",
        "containerPort", "9090", "slackChannel", "C0CATALOG", "strategy", "{\"scaleDownDelaySeconds\": 60}");
    assertThat(created.status()).as(created.text()).isEqualTo(200);
    assertThat(created.text()).contains("Created service " + service, "data-service=\"" + service + "\"");
    var stored = admin.get("/api/v1/services/" + service).body();
    assertThat(stored.get("imageRepository").asString()).isEqualTo("registry.example/studio/game");
    assertThat(stored.get("environments").toString()).isEqualTo("[\"staging\",\"production\"]");
    assertThat(stored.get("replicas").asInt()).isEqualTo(3);
    assertThat(stored.get("containerPort").asInt()).isEqualTo(9090);
    assertThat(stored.get("slackChannel").asString()).isEqualTo("C0CATALOG");
    assertThat(stored.get("strategy").get("scaleDownDelaySeconds").asInt()).isEqualTo(60);

    Response edit = admin.get("/settings/services?edit=" + service, "Accept", "text/html");
    assertThat(edit.text()).as("the form holds the service as stored").contains("Edit " + service,
        "value=\"registry.example/studio/game\"", "value=\"staging, production\"", "value=\"9090\"",
        "value=\"C0CATALOG\"", "&quot;scaleDownDelaySeconds&quot;:60");
    Response replaced = form(admin, "/settings/services", "name", service,
        "imageRepository", "registry.example/studio/game", "environments", "staging");
    assertThat(replaced.text()).contains("Saved service " + service);
    var again = admin.get("/api/v1/services/" + service).body();
    assertThat(again.get("environments").toString()).isEqualTo("[\"staging\"]");
    assertThat(again.get("replicas").asInt()).as("replaced, blank is the default").isEqualTo(2);
    for (String outcome : List.of("ACCEPTED", "REJECTED")) {
      assertThat(admin.get("/api/v1/audit?outcome=" + outcome + "&action="
          + URLEncoder.encode("POST /settings/services", StandardCharsets.UTF_8)).body().get("items")
          .isEmpty()).as("audited as " + outcome).isFalse();
    }
  }
}
