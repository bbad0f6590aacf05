package dev.pitcrew.api.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pitcrew.api.support.HttpApi.Response;
import dev.pitcrew.api.support.HttpApi;
import dev.pitcrew.api.support.SharedServerTest;
import dev.pitcrew.workflows.text.HostileText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every bad request is a 400 problem naming every bad field before anything happens, and text a vendor sends that
 * PostgreSQL cannot store still opens, pages and records the incident. One Spring context for all of it.
 */
class InputBoundaryTest extends SharedServerTest {
  /** Escapes every non-ASCII character, so NUL and lone surrogates travel as JSON escapes, as senders write them. */
  private static final JsonMapper ESCAPING =
      JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  private HttpApi api() {
    return new HttpApi(port);
  }

  private static void assertProblem(Response response, int status) {
    assertThat(response.status()).as(response.text()).isEqualTo(status);
    assertThat(response.raw().headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(response.body().get("status").isNumber()).as(response.text()).isTrue();
    assertThat(response.body().get("status").asInt()).isEqualTo(status);
  }

  private static Set<String> fields(Response response) {
    Set<String> fields = new TreeSet<>();
    response.body().path("errors").forEach(e -> fields.add(e.get("field").asString()));
    return fields;
  }

  // --- every POST/PUT endpoint, found from the handler mapping so a new one is covered without editing this ---

  @Test
  void aNullBodyIsAProblemOnEveryEndpointThatTakesOne() {
    List<String> checked = new ArrayList<>();
    for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : mappings.getHandlerMethods().entrySet()) {
      Set<RequestMethod> methods = mapping.getKey().getMethodsCondition().getMethods();
      boolean writes = methods.contains(RequestMethod.POST) || methods.contains(RequestMethod.PUT);
      boolean readsJson = readsJsonBody(mapping.getValue());
      for (String pattern : mapping.getKey().getPatternValues()) {
        if (!writes || !pattern.startsWith("/api/v1/")) {
          continue;
        }
        String path = pattern.replaceAll("\\{[^}]+}", "x-1");
        Response response = methods.contains(RequestMethod.PUT) ? api().put(path, "null") : api().post(path, "null");
        // Webhooks answer for their own configuration first (a 503 until a secret is set); never a 500.
        assertThat(response.status()).as(pattern + " → " + response.text()).isBetween(400, 503).isNotEqualTo(500);
        assertProblem(response, response.status());
        if (readsJson) {
          // 404 only where the path names something that must exist before the body matters (a run to signal).
          assertThat(response.status()).as(pattern + " → " + response.text()).isIn(400, 404);
        }
        checked.add(pattern);
      }
    }
    assertThat(checked).contains("/api/v1/runs", "/api/v1/tickets", "/api/v1/incidents").hasSizeGreaterThan(12);
  }

  /** A record bound by Spring directly would skip RequestReader: lenient about unknown fields, bounds and NUL. */
  @Test
  void everyJsonBodyIsReadThroughTheRequestReader() {
    List<String> directlyBound = new ArrayList<>();
    mappings.getHandlerMethods().forEach((info, method) -> {
      for (MethodParameter parameter : method.getMethodParameters()) {
        Class<?> type = parameter.getParameterType();
        if (parameter.hasParameterAnnotation(RequestBody.class)
            && !(type == JsonNode.class || type == byte[].class || type == String.class)) {
          directlyBound.add(method.toString());
        }
      }
    });
    assertThat(directlyBound).as("take a JsonNode and call RequestReader.read").isEmpty();
  }

  private static boolean readsJsonBody(HandlerMethod method) {
    for (MethodParameter parameter : method.getMethodParameters()) {
      if (parameter.hasParameterAnnotation(RequestBody.class) && JsonNode.class.equals(parameter.getParameterType())) {
        return true;
      }
    }
    return false;
  }

  // --- strict reading ---

  @Test
  void unknownTopLevelFieldsOnAStartAreRefusedByName() {
    Response response = api().post("/api/v1/runs", "{\"type\":\"self-check\",\"colour\":\"red\",\"size\":3}");
    assertProblem(response, 400);
    assertThat(fields(response)).containsExactly("colour", "size");
    assertThat(response.text()).doesNotContain("java.", "dev.pitcrew");

    Response nested = api().post("/api/v1/runs", "{\"type\":\"self-check\",\"input\":{\"colour\":\"red\"}}");
    assertProblem(nested, 400);
    assertThat(fields(nested)).containsExactly("input.colour");
  }

  @Test
  void everyBadFieldIsNamedAtOnce() {
    Response response = api().post("/api/v1/runs",
        "{\"type\":\"self-check\",\"input\":{\"holdSeconds\":\"soon\",\"awaitConfirmation\":\"maybe\"}}");
    assertProblem(response, 400);
    assertThat(fields(response)).containsExactly("input.awaitConfirmation", "input.holdSeconds");
    assertThat(response.text()).doesNotContain("java.lang", "Cannot deserialize");

    Response validation = api().post("/api/v1/incidents", "{\"service\":\"Not A Service\",\"severity\":\"SEV9\"}");
    assertProblem(validation, 400);
    assertThat(fields(validation)).contains("title", "service", "severity");
  }

  @Test
  void anEnumOrdinalIsNotTakenAsTheEnum() {
    Response response = api().post("/api/v1/tickets/PIT-404/events", "{\"type\":0}");
    assertProblem(response, 400);
    assertThat(fields(response)).containsExactly("event.type");
    assertThat(response.text()).contains("first-response");
  }

  // --- text PostgreSQL cannot store, in fields Pitcrew owns: refused by name (a property over many strings) ---

  @Test
  void unstorableTextInApiFieldsIsRefusedNamingTheField() {
    HostileText hostile = HostileText.seeded();
    hostile.forAll(30, hostileText(hostile).filter(InputBoundaryTest::hasUnstorable), text -> {
      ObjectNode ticket = ESCAPING.createObjectNode()
          .put("title", "Cannot log in " + text).put("requesterEmail", "p@example.com").put("priority", "High");
      assertProblem(post("/api/v1/tickets", ticket), 400);
      assertThat(fields(post("/api/v1/tickets", ticket))).containsExactly("ticket.title");

      ObjectNode declaration = ESCAPING.createObjectNode().put("title", "Outage " + text)
          .put("service", "game-api").put("severity", "SEV2").put("description", text);
      Response declared = post("/api/v1/incidents", declaration);
      assertProblem(declared, 400);
      assertThat(fields(declared)).as("both bad fields named").containsExactly("description", "title");
    });
    assertThat(api().get("/api/v1/tickets").body().get("tickets")).isEmpty();
    assertThat(api().get("/api/v1/incidents").body().get("items").valueStream()
        .filter(i -> i.get("title").asString().startsWith("Outage"))).isEmpty();
  }

  private Response post(String path, JsonNode body) {
    return api().post(path, ESCAPING.writeValueAsString(body));
  }

  // --- text PostgreSQL cannot store, from a vendor: kept (NUL → U+FFFD), and the incident opens, pages, lists ---

  @Test
  void vendorTextThatCannotBeStoredStillOpensPagesAndRecordsTheIncident() {
    HostileText hostile = HostileText.seeded();
    List<String> samples = hostileText(hostile).limit(15).toList();
    for (int i = 0; i < samples.size(); i++) {
      int sample = i;
      String text = samples.get(i);
      hostile.check(sample, text, () -> {
        String groupKey = "{}:{alertname=\"Boundary\"}/" + sample;
        Response answered = api().post("/api/v1/hooks/alertmanager",
            ESCAPING.writeValueAsString(alert(groupKey, sample, text)), "Authorization", "Bearer " + ALERTMANAGER_TOKEN);
        assertThat(answered.status()).as(answered.text()).isEqualTo(200);
        String incidentId = answered.body().get("alerts").get(0).get("incidentId").asString();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
          JsonNode listed = api().get("/api/v1/incidents?limit=500").body().get("items");
          assertThat(StreamSupport.stream(listed.spliterator(), false).map(n -> n.get("incidentId").asString()))
              .as("incident %s listed", incidentId).contains(incidentId);
          JsonNode outbox = api().get("/api/v1/outbox?integration=pagerduty&limit=500").body().get("items");
          assertThat(StreamSupport.stream(outbox.spliterator(), false)
                  .filter(n -> n.get("operation").asString().equals("trigger"))
                  .map(n -> n.get("payload").path("dedupKey").asString()))
              .as("PagerDuty paged for %s", incidentId).contains(incidentId);
        });
      });
    }
  }

  private static ObjectNode alert(String groupKey, int i, String text) {
    ObjectNode alert = ESCAPING.createObjectNode().put("status", "firing").put("fingerprint", "b0undary" + i)
        .put("startsAt", "2026-03-14T09:21:00.000Z").put("endsAt", "0001-01-01T00:00:00Z");
    alert.putObject("labels").put("alertname", "Boundary").put("service", "game-api").put("severity", "critical")
        .put("team", text);
    alert.putObject("annotations").put("summary", "Boundary " + i + " " + text).put("description", text);
    ObjectNode body = ESCAPING.createObjectNode().put("version", "4").put("groupKey", groupKey)
        .put("status", "firing").put("receiver", "pitcrew");
    body.putArray("alerts").add(alert);
    return body;
  }

  /** NUL, lone surrogates, right-to-left marks and control characters, alone and among ordinary text. */
  private static Stream<String> hostileText(HostileText hostile) {
    return hostile.strings(1, 60).map(s -> "x" + s);
  }

  private static boolean hasUnstorable(String text) {
    return IntStream.range(0, text.length()).anyMatch(i -> {
      char c = text.charAt(i);
      return c == '\u0000' || (Character.isSurrogate(c) && !pairedAt(text, i));
    });
  }

  private static boolean pairedAt(String text, int i) {
    char c = text.charAt(i);
    return Character.isHighSurrogate(c)
        ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
        : i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
  }

  // --- bounds: an oversized ticket is refused fast and burns no key ---

  @Test
  void anOversizedTicketIsRefusedFastAndTheNextTicketStillGetsTheFirstKey() {
    ObjectNode huge = ESCAPING.createObjectNode().put("title", "Huge").put("requesterEmail", "p@example.com")
        .put("priority", "P".repeat(100_000));
    var labels = huge.putArray("labels");
    IntStream.range(0, 5_000).forEach(i -> labels.add("label-" + i));
    long started = System.nanoTime();
    Response refused = post("/api/v1/tickets", huge);
    assertProblem(refused, 400);
    assertThat(fields(refused)).contains("ticket.priority", "ticket.labels");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    // Past the request-body limit (1 MB) it never reaches the reader at all.
    Response tooLarge = post("/api/v1/tickets", huge.put("priority", "P".repeat(1_000_000)));
    assertThat(tooLarge.status()).isEqualTo(413);

    ObjectNode tooManyLabels = ESCAPING.createObjectNode().put("title", "Labels").put("requesterEmail", "p@example.com")
        .put("priority", "High");
    var some = tooManyLabels.putArray("labels");
    IntStream.range(0, 101).forEach(i -> some.add("l" + i));
    assertThat(fields(post("/api/v1/tickets", tooManyLabels))).containsExactly("ticket.labels");

    Response created = api().post("/api/v1/tickets",
        "{\"title\":\"Cannot log in\",\"requesterEmail\":\"p@example.com\",\"priority\":\"High\"}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    assertThat(created.body().get("ticketKey").asString()).isEqualTo("PIT-1");
  }

  // --- what the container refuses is problem JSON too ---

  @Test
  void encodedNulAndSlashInAPathAreProblems() {
    assertProblem(api().get("/api/v1/runs/a%00b"), 400);
    assertProblem(api().get("/api/v1/runs/a%2Fb"), 400);
  }

  @Test
  void unmappedPathsWrongMethodsAndMediaTypesAreProblems() {
    assertProblem(api().get("/api/v1/no-such-thing"), 404);
    assertProblem(api().delete("/api/v1/runs"), 405);
    assertProblem(api().post("/api/v1/runs", "text/plain", "hello".getBytes()), 415);
  }

  // --- RFC 9457: status is the HTTP status, a number, always ---

  @Test
  void aConflictKeepsItsStatusNumericAndNamesTheRunStatusApart() {
    Response started = api().post("/api/v1/runs", "{\"type\":\"self-check\",\"input\":{\"label\":\"boundary\"}}");
    assertThat(started.status()).as(started.text()).isEqualTo(201);
    String id = started.body().get("workflowId").asString();
    await().atMost(Duration.ofSeconds(30))
        .until(() -> api().get("/api/v1/runs/" + id).body().get("status").asString(), "COMPLETED"::equals);

    Response late = api().post("/api/v1/runs/" + id + "/cancel", null);
    assertProblem(late, 409);
    assertThat(late.body().get("runStatus").asString()).isEqualTo("COMPLETED");
    assertThat(late.text().split("\"status\"", -1)).as("one status member").hasSize(2);
  }
}
