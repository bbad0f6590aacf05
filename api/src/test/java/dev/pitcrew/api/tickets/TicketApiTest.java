package dev.pitcrew.api.tickets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import dev.pitcrew.api.security.tokens.ApiTokens;
import dev.pitcrew.api.support.Callers;
import dev.pitcrew.api.support.HttpApi.Response;
import dev.pitcrew.api.support.HttpApi;
import dev.pitcrew.api.support.SharedServerWithVendorsTest;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Tickets created through the API, over real HTTP against the product in local mode with a real SMTP server
 * (GreenMail) in the test JVM: SLA configuration, the ticket list and live countdown, ticket events, emails to
 * requester and agent, and a breach counted by the report. Policies of a few seconds keep it fast.
 */
class TicketApiTest extends SharedServerWithVendorsTest {
  static final GreenMail smtp = SMTP;

  @Autowired ApiTokens tokens;

  @BeforeEach
  void client() {
    api = new HttpApi(port);
  }

  private void ok(Response response) {
    assertThat(response.status()).as(response.text()).isEqualTo(200);
  }

  /**
   * Category {@code fast}: High breaches its first response after 4 s; Medium is at risk after 6 s and breaches
   * after 2 minutes. Both are warned at 5 %.
   */
  private void fastQueue() {
    ok(api.put("/api/v1/sla/policies/fast", """
        {"calendar": "always",
         "goals": [{"priority": "High", "firstResponse": "PT4S", "resolution": "PT1H"},
                   {"priority": "Medium", "firstResponse": "PT2M", "resolution": "PT1H"}],
         "resolvedStatuses": ["Resolved"], "warningPercents": [5], "breachActions": {"slack": true},
         "reopenWindow": "PT1S"}"""));
    ok(api.put("/api/v1/sla/queues/fast", """
        {"policy": "fast", "slackChannel": "#fast",
         "agents": [{"name": "bob", "email": "bob@studio.example"}]}"""));
    ok(api.put("/api/v1/sla/routing-rules", "{\"rules\": [{\"category\": \"fast\", \"queue\": \"fast\"}]}"));
  }

  private String create(String title, String priority, String category) {
    Response created = api.post("/api/v1/tickets", """
        {"title": "%s", "requesterEmail": "player@example.com", "priority": "%s"%s}"""
        .formatted(title, priority, category == null ? "" : ", \"category\": \"" + category + "\""));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    String key = created.body().get("ticketKey").asString();
    assertThat(created.raw().headers().firstValue("Location")).hasValue("/api/v1/tickets/" + key);
    return key;
  }

  /** The ticket once its run has routed it and started the clocks. */
  private JsonNode ticket(String key) {
    return await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/v1/tickets/" + key),
        r -> r.status() == 200 && !r.body().get("sla").path("goals").isEmpty()).body();
  }

  private static JsonNode goal(JsonNode ticket, String goal) {
    return StreamSupport.stream(ticket.get("sla").get("goals").spliterator(), false)
        .filter(g -> g.get("goal").asString().equals(goal)).findFirst().orElseThrow();
  }

  private static List<String> keys(JsonNode list) {
    return StreamSupport.stream(list.get("tickets").spliterator(), false)
        .map(t -> t.get("ticketKey").asString()).toList();
  }

  private List<MimeMessage> mailTo(String address, String subjectStart) {
    return Arrays.stream(smtp.getReceivedMessages())
        .filter(m -> recipients(m).contains(address) && subject(m).startsWith(subjectStart))
        .toList();
  }

  private static List<String> recipients(MimeMessage message) {
    try {
      return Arrays.stream(message.getRecipients(Message.RecipientType.TO)).map(Object::toString).toList();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String subject(MimeMessage message) {
    try {
      return message.getSubject();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aTicketIsAcknowledgedWarnedBreachedListedFirstAndCountedInTheReport() throws Exception {
    fastQueue();
    String calm = create("Wrong avatar colour", "High", null);
    String atRisk = create("Shop shows old prices", "Medium", "fast");
    String breaching = create("Cannot log in", "High", "fast");

    MimeMessage ack = await().atMost(Duration.ofSeconds(20))
        .until(() -> mailTo("player@example.com", "[" + breaching + "]"), m -> !m.isEmpty()).getFirst();
    assertThat(ack.getFrom()[0].toString()).isEqualTo("support@studio.example");
    assertThat(subject(ack)).isEqualTo("[" + breaching + "] We received your request: Cannot log in");
    assertThat(GreenMailUtil.getBody(ack)).contains("Your request " + breaching + " is with our fast team")
        .contains("you will hear from us by 20");

    MimeMessage warning = await().atMost(Duration.ofSeconds(20))
        .until(() -> mailTo("bob@studio.example", "[" + breaching + "]"), m -> !m.isEmpty()).getFirst();
    assertThat(recipients(warning)).containsExactly("bob@studio.example");
    assertThat(subject(warning)).isEqualTo("[" + breaching + "] 5% of the first-response goal used");
    assertThat(GreenMailUtil.getBody(warning))
        .contains("Ticket " + breaching + " (Cannot log in, High) has used 5% of its 4s first-response goal");

    // The breach's Slack post runs beside its record (side-effect policy), so the state may read BREACHED a moment
    // before the post is recorded as sent: wait for both.
    JsonNode breached = await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/v1/tickets/" + breaching)
        .body(), t -> t.get("slaState").asString().equals("BREACHED")
            && StreamSupport.stream(t.get("notifications").spliterator(), false)
                .anyMatch(n -> "BREACH SENT".equals(n.get("kind").asString() + " " + n.get("delivery").asString())));
    assertThat(goal(breached, "FIRST_RESPONSE").get("remainingMillis").asLong()).isNegative();
    assertThat(StreamSupport.stream(breached.get("notifications").spliterator(), false)
        .map(n -> n.get("kind").asString() + " " + n.get("delivery").asString()).toList())
        .contains("ACKNOWLEDGEMENT SENT", "WARNING SENT", "BREACH SENT"); // Slack is live on this server
    await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/tickets/" + atRisk).body()
        .get("slaState").asString().equals("AT_RISK"));

    List<String> listed = keys(api.get("/api/v1/tickets").body());
    assertThat(listed).containsSubsequence(breaching, atRisk, calm);
    // Other tests' tickets on this shared server may have breached too by now (a loaded machine runs slowly past
    // their goals): the filter is judged on this test's three.
    assertThat(keys(api.get("/api/v1/tickets?slaState=breached").body())).contains(breaching)
        .doesNotContain(atRisk, calm);
    assertThat(keys(api.get("/api/v1/tickets?queue=fast").body())).containsSubsequence(breaching, atRisk)
        .doesNotContain(calm);
    assertThat(keys(api.get("/api/v1/tickets?status=open&queue=support").body())).contains(calm)
        .doesNotContain(breaching);
    assertThat(api.get("/api/v1/tickets?slaState=late").status()).isEqualTo(400);

    JsonNode report = api.get("/api/v1/sla/report").body();
    assertThat(StreamSupport.stream(report.get("breaches").spliterator(), false)
        .map(b -> b.get("ticketKey").asString()).toList()).contains(breaching).doesNotContain(atRisk, calm)
        .hasSize(report.get("breachCount").asInt());
    assertThat(StreamSupport.stream(report.get("compliance").spliterator(), false)
        .filter(r -> r.get("priority").asString().equals("High") && r.get("goal").asString().equals("FIRST_RESPONSE"))
        .findFirst().orElseThrow().get("breached").asInt()).isEqualTo(1);
    String tomorrow = Instant.now().plus(Duration.ofDays(1)).toString();
    assertThat(api.get("/api/v1/sla/report?from=" + tomorrow + "&to=" + tomorrow).status()).isEqualTo(400);
  }

  @Test
  void theLiveCountdownShrinksWhileTheClockRuns() throws Exception {
    String key = create("Lost my items", "High", null);
    JsonNode first = ticket(key);
    Thread.sleep(1100);
    JsonNode second = api.get("/api/v1/tickets/" + key).body();

    JsonNode before = goal(first, "FIRST_RESPONSE");
    JsonNode after = goal(second, "FIRST_RESPONSE");
    assertThat(before.get("goalMillis").asLong()).isEqualTo(Duration.ofHours(1).toMillis());
    assertThat(after.get("state").asString()).isEqualTo("RUNNING");
    assertThat(before.get("remainingMillis").asLong() - after.get("remainingMillis").asLong()).isBetween(1000L, 5000L);
    assertThat(after.get("elapsedMillis").asLong()).isGreaterThan(before.get("elapsedMillis").asLong());
    assertThat(Instant.parse(after.get("dueAt").asString()))
        .isBetween(Instant.now().plus(Duration.ofMinutes(55)), Instant.now().plus(Duration.ofHours(1)));
    assertThat(api.get("/api/v1/tickets/PIT-404404").status()).isEqualTo(404);
  }

  @Test
  void eventsReachTheTicketsRunAndAreRefusedOnceItEnded() {
    fastQueue();
    String key = create("Refund missing", "Medium", "fast");
    ticket(key);

    HttpApi bob = Callers.as(api, tokens, "bob");
    // An event is a Workflow Update: answered once applied, with the SLA as it then stands.
    Response responded = bob.post("/api/v1/tickets/" + key + "/events", "{\"type\": \"first-response\"}");
    assertThat(responded.status()).as(responded.text()).isEqualTo(200);
    assertThat(responded.body().get("sla").get("goals").valueStream()
        .filter(g -> g.get("goal").asString().equals("FIRST_RESPONSE")).findFirst().orElseThrow()
        .get("state").asString()).isEqualTo("MET");
    // A second first response is refused by the run's validator, with its reason.
    Response again = bob.post("/api/v1/tickets/" + key + "/events", "{\"type\": \"first-response\"}");
    assertThat(again.status()).as(again.text()).isEqualTo(409);
    assertThat(again.body().get("detail").asString())
        .isEqualTo("first-response refused: the first response is already recorded");
    Response reopenOpen = api.post("/api/v1/tickets/" + key + "/events", "{\"type\": \"reopen\"}");
    assertThat(reopenOpen.status()).as(reopenOpen.text()).isEqualTo(409);
    assertThat(reopenOpen.body().get("detail").asString())
        .isEqualTo("reopen refused: the ticket is open; only a resolved ticket can be reopened");

    assertThat(api.post("/api/v1/tickets/" + key + "/events", "{\"type\": \"priority\", \"priority\": \"High\"}")
        .status()).isEqualTo(200);
    JsonNode raised = await().until(() -> api.get("/api/v1/tickets/" + key).body(),
        t -> t.get("sla").get("priority").asString().equals("High"));
    // The first response met Medium's 2 minutes; High's 4 s is not applied to it after the fact, however long the
    // response took on a loaded machine (before sla-met-goals-keep-their-target it then read BREACHED, and so did
    // this ticket in the breach listing of the test above).
    assertThat(goal(raised, "FIRST_RESPONSE").get("state").asString()).isEqualTo("MET");
    assertThat(goal(raised, "FIRST_RESPONSE").get("goalMillis").asLong()).isEqualTo(Duration.ofMinutes(2).toMillis());
    assertThat(raised.get("sla").get("slaState").asString()).isNotEqualTo("BREACHED");

    Response noStatus = api.post("/api/v1/tickets/" + key + "/events", "{\"type\": \"status\"}");
    assertThat(noStatus.status()).isEqualTo(400);
    assertThat(noStatus.body().get("errors").get(0).get("field").asString()).isEqualTo("event.status");
    Response badType = api.post("/api/v1/tickets/" + key + "/events", "{\"type\": \"escalate\"}");
    assertThat(badType.status()).isEqualTo(400);
    assertThat(badType.body().get("errors").get(0).get("field").asString()).isEqualTo("event.type");
    Response unknownField = api.post("/api/v1/tickets/" + key + "/events", "{\"type\": \"resolve\", \"when\": 1}");
    assertThat(unknownField.body().get("errors").get(0).get("field").asString()).isEqualTo("event.when");
    assertThat(api.post("/api/v1/tickets/PIT-404404/events", "{\"type\": \"resolve\"}").status()).isEqualTo(404);

    assertThat(api.post("/api/v1/tickets/" + key + "/events", "{\"type\": \"status\", \"status\": \"Resolved\"}")
        .status()).isEqualTo(200);
    JsonNode resolved = await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/tickets/" + key).body(),
        t -> t.get("resolved").asBoolean());
    assertThat(goal(resolved, "RESOLUTION").get("state").asString()).isEqualTo("MET");
    // The fast policy's reopen window is one second; then the run ends and the ticket takes no more events.
    await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/runs/ticket-sla-" + key).body()
        .get("status").asString().equals("COMPLETED"));
    Response late = api.post("/api/v1/tickets/" + key + "/events", "{\"type\": \"reopen\"}");
    assertThat(late.status()).isEqualTo(409);
    assertThat(late.body().get("detail").asString()).contains("closed");
  }

  @Test
  void policiesAreValidatedNamingTheField() {
    Response noGoal = api.put("/api/v1/sla/policies/broken", """
        {"calendar": "always", "goals": [{"priority": "High", "resolution": "PT4H"}], "resolvedStatuses": ["Done"]}""");
    Response zero = api.put("/api/v1/sla/policies/broken", """
        {"calendar": "always", "goals": [{"priority": "High", "firstResponse": "PT0S", "resolution": "PT4H"}],
         "resolvedStatuses": ["Done"]}""");
    Response noCalendar = api.put("/api/v1/sla/policies/broken", """
        {"calendar": "mars", "goals": [{"priority": "High", "firstResponse": "PT1H", "resolution": "PT4H"}],
         "resolvedStatuses": ["Done"]}""");
    Response notADuration = api.put("/api/v1/sla/policies/broken", """
        {"calendar": "always", "goals": [{"priority": "High", "firstResponse": "an hour", "resolution": "PT4H"}],
         "resolvedStatuses": ["Done"]}""");

    assertThat(noGoal.body().get("errors").get(0).get("field").asString())
        .isEqualTo("policy.goals[0].firstResponse");
    assertThat(zero.body().get("errors").get(0).get("field").asString()).isEqualTo("policy.goals[0].firstResponse");
    assertThat(noCalendar.body().get("errors").get(0).get("field").asString()).isEqualTo("policy.calendar");
    assertThat(notADuration.body().get("errors").get(0).get("field").asString())
        .isEqualTo("policy.goals[0].firstResponse");
    assertThat(List.of(noGoal.status(), zero.status(), noCalendar.status(), notADuration.status()))
        .containsOnly(400);
    assertThat(api.get("/api/v1/sla/policies/broken").status()).isEqualTo(404);

    ok(api.put("/api/v1/sla/policies/gold", """
        {"calendar": "always", "goals": [{"priority": "High", "firstResponse": "PT30M", "resolution": "PT4H"}],
         "resolvedStatuses": ["Done"], "warningPercents": [80]}"""));
    JsonNode gold = api.get("/api/v1/sla/policies/gold").body().get("policy");
    assertThat(gold.get("goals").get(0).get("firstResponse").asString()).isEqualTo("PT30M");
    assertThat(gold.get("warningPercents").get(0).asInt()).isEqualTo(80);
  }

  @Test
  void aCalendarTakesWorkingHoursAndImportsAllDayHolidaysFromIcs() {
    ok(api.put("/api/v1/sla/calendars/berlin-office", """
        {"zone": "Europe/Berlin", "hours": [{"day": "MONDAY", "from": "09:00", "to": "17:00"},
                                            {"day": "FRIDAY", "from": "09:00", "to": "24:00"}]}"""));
    String ics = String.join("\r\n", "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Studio//Holidays//EN",
        "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20261225", "SUMMARY:Erster Weihnachtstag", "END:VEVENT",
        "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20261226", "SUMMARY:Zweiter Weihnachts", " tag", "END:VEVENT",
        "END:VCALENDAR", "");

    Response imported = api.post("/api/v1/sla/calendars/berlin-office/holidays", "text/calendar",
        ics.getBytes(StandardCharsets.UTF_8));
    Response again = api.post("/api/v1/sla/calendars/berlin-office/holidays", "text/calendar",
        ics.getBytes(StandardCharsets.UTF_8));

    ok(imported);
    assertThat(imported.body().get("read").asInt()).isEqualTo(2);
    assertThat(imported.body().get("added").asInt()).isEqualTo(2);
    assertThat(again.body().get("added").asInt()).as("importing twice adds nothing").isZero();
    assertThat(api.get("/api/v1/sla/calendars/berlin-office").body().get("calendar").get("holidays").toString())
        .contains("2026-12-25").contains("2026-12-26");

    Response timed = api.post("/api/v1/sla/calendars/berlin-office/holidays", "text/calendar",
        ics.replace("DTSTART;VALUE=DATE:20261225", "DTSTART:20261225T100000Z").getBytes(StandardCharsets.UTF_8));
    assertThat(timed.status()).isEqualTo(400);
    assertThat(timed.body().get("errors").get(0).get("field").asString()).isEqualTo("body");
    assertThat(api.post("/api/v1/sla/calendars/nowhere/holidays", "text/calendar",
        ics.getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(404);
    Response badZone = api.put("/api/v1/sla/calendars/moon", """
        {"zone": "Moon/Tranquility", "hours": [{"day": "MONDAY", "from": "09:00", "to": "17:00"}]}""");
    assertThat(badZone.status()).isEqualTo(400);
    assertThat(badZone.body().get("errors").get(0).get("field").asString()).isEqualTo("calendar.zone");
  }
}
