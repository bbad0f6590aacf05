package dev.pitcrew.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pitcrew.api.support.HttpApi.Response;
import dev.pitcrew.api.support.SharedServerTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Back-pressure on the intakes: a full intake refuses with a problem and Retry-After before any side effect
 * (429 to API callers, 503 to Alertmanager, which retries), and a flood is answered created-or-refused with no
 * accepted ticket lost. The intake is filled deterministically by taking its places, as slow requests would.
 */
class IntakeBackPressureTest extends SharedServerTest {
  private static final String ALERTMANAGER = "/api/v1/hooks/alertmanager";

  @Autowired IntakeGates gates;

  @Test
  void aFullApiIntakeAnswers429WithRetryAfterAndStartsNothing() {
    String title = "intake-full " + System.nanoTime();
    int taken = gates.occupyApi();
    Response refused;
    try {
      refused = api.post("/api/v1/tickets", ticket(title));
    } finally {
      gates.releaseApi(taken);
    }
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.raw().headers().firstValue("Retry-After")).hasValue("2");
    assertThat(refused.raw().headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(refused.body().path("detail").asString()).contains("nothing was done", "Retry after 2 s");
    assertThat(api.get("/api/v1/tickets?limit=500").text()).doesNotContain(title);

    // Places free again: the same request goes through.
    assertThat(api.post("/api/v1/tickets", ticket(title)).status()).isEqualTo(201);
  }

  @Test
  void aRequestShedForLoadLeavesNoAuditRowWhileTheNextAttemptIsRecorded() {
    String shed = "shed-" + System.nanoTime();
    int taken = gates.occupyApi();
    try {
      assertThat(api.post("/api/v1/runs/" + shed + "/cancel", "{}").status()).isEqualTo(429);
    } finally {
      gates.releaseApi(taken);
    }
    String attempted = "attempted-" + System.nanoTime();
    assertThat(api.post("/api/v1/runs/" + attempted + "/cancel", "{}").status()).isEqualTo(404);

    // The audit trail records in order: once the later attempt is there, a row for the shed one would be too.
    await().atMost(Duration.ofSeconds(30)).until(
        () -> api.get("/api/v1/audit?target=" + attempted).body().path("items").size() == 1);
    assertThat(api.get("/api/v1/audit?action=POST+/api/v1/runs/" + shed + "/cancel").body().path("items")).isEmpty();
    assertThat(api.get("/api/v1/audit?target=" + shed).body().path("items")).isEmpty();
  }

  @Test
  void aFullReadIntakeAnswers429WithRetryAfterInsteadOfQueueingOnTheDatabase() {
    int taken = gates.occupyReads();
    Response refused;
    try {
      refused = api.get("/api/v1/runs?size=10");
    } finally {
      gates.releaseReads(taken);
    }
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.raw().headers().firstValue("Retry-After")).hasValue("2");
    assertThat(refused.body().path("detail").asString()).contains("limit of concurrent reads");
    assertThat(api.get("/api/v1/runs?size=10").status()).isEqualTo(200);
  }

  @Test
  void aFloodOfConcurrentReadsIsAnsweredOkOrRetryLaterNeverWithA5xx() throws Exception {
    // Far more readers than the read intake (32) and the connection pool (16) have places: the overflow must be
    // a quick 429, not a wait for a connection that ends in 503 (what Gatling met before reads were bounded).
    List<Response> answers = new ArrayList<>();
    try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Response>> sent = new ArrayList<>();
      // 96: three times the read intake, six times the pool; within Tomcat's accept queue (100), so every
      // connection is taken and answered.
      for (int i = 0; i < 96; i++) {
        String path = i % 2 == 0 ? "/api/v1/runs?size=100" : "/api/v1/tickets?limit=100";
        sent.add(readers.submit(() -> api.get(path)));
      }
      for (Future<Response> answer : sent) {
        answers.add(answer.get());
      }
    }
    assertThat(answers).allSatisfy(answer -> {
      assertThat(answer.status()).as(answer.text()).isIn(200, 429);
      if (answer.status() == 429) {
        assertThat(answer.raw().headers().firstValue("Retry-After")).isPresent();
      }
    });
    assertThat(answers).anyMatch(answer -> answer.status() == 200);
  }

  @Test
  void aFullPageIntakeAnswersAlertmanager503WithRetryAfterSoItRetries() {
    String groupKey = "{}:{alertname=\"IntakeFull\"}/" + System.nanoTime();
    int taken = gates.occupyPages();
    Response refused;
    try {
      refused = new dev.pitcrew.api.support.HttpApi(port, ALERTMANAGER_TOKEN).post(ALERTMANAGER, alert(groupKey));
    } finally {
      gates.releasePages(taken);
    }
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.raw().headers().firstValue("Retry-After")).hasValue("2");

    // Alertmanager's retry lands once there is room.
    Response retried = new dev.pitcrew.api.support.HttpApi(port, ALERTMANAGER_TOKEN).post(ALERTMANAGER, alert(groupKey));
    assertThat(retried.status()).isEqualTo(200);
  }

  @Test
  void aFloodOfTicketsIsCreatedOrRefusedAndNoAcceptedTicketIsLost() throws Exception {
    String tag = "flood-" + System.nanoTime();
    // One place left, so the flood queues for it and the overflow is refused rather than run.
    int taken = gates.occupyApi() - 1;
    gates.releaseApi(1);
    List<Response> answers = new ArrayList<>();
    try (ExecutorService callers = Executors.newFixedThreadPool(24)) {
      List<Future<Response>> sent = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        String title = tag + " " + i;
        sent.add(callers.submit(() -> api.post("/api/v1/tickets", ticket(title))));
      }
      for (Future<Response> answer : sent) {
        answers.add(answer.get());
      }
    } finally {
      gates.releaseApi(taken);
    }

    List<String> accepted = new ArrayList<>();
    for (Response answer : answers) {
      assertThat(answer.status()).as(answer.text()).isIn(201, 429);
      if (answer.status() == 201) {
        accepted.add(answer.body().path("ticketKey").asString());
      } else {
        assertThat(answer.raw().headers().firstValue("Retry-After")).isPresent();
      }
    }
    assertThat(accepted).isNotEmpty();
    // Every accepted ticket is supervised (its SLA run recorded it) and audited, attributed to who created it.
    await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
      for (String key : accepted) {
        assertThat(api.get("/api/v1/tickets/" + key).status()).isEqualTo(200);
      }
    });
    for (String key : accepted) {
      assertThat(api.get("/api/v1/audit?target=" + key).body().path("items").valueStream()
          .map(row -> row.path("principal").asString() + " " + row.path("action").asString() + " "
              + row.path("outcome").asString()).toList())
          .containsExactly("admin POST /api/v1/tickets ACCEPTED");
    }
  }

  private static String ticket(String title) {
    return """
        {"title":"%s","requesterEmail":"player@intake.example","priority":"Low"}""".formatted(title);
  }

  private static String alert(String groupKey) {
    return """
        {"version":"4","groupKey":"%s","truncatedAlerts":0,"status":"firing","receiver":"pitcrew",
         "groupLabels":{"alertname":"IntakeFull"},"commonLabels":{"alertname":"IntakeFull"},"commonAnnotations":{},
         "externalURL":"http://alertmanager.internal:9093",
         "alerts":[{"status":"firing","labels":{"alertname":"IntakeFull","service":"intake-svc","severity":"warning"},
           "annotations":{"summary":"intake full"},"startsAt":"2026-03-14T09:21:00.000Z",
           "endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus.internal/graph","fingerprint":"1a2b3c4d5e6f7a8b"}]}"""
        .formatted(groupKey.replace("\"", "\\\""));
  }
}
