package dev.pitcrew.api.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pitcrew.activities.audit.AuditEvent;
import dev.pitcrew.activities.audit.AuditOutcome;
import dev.pitcrew.activities.audit.AuditTrail;
import dev.pitcrew.api.security.tokens.ApiTokens;
import dev.pitcrew.api.support.Callers;
import dev.pitcrew.api.support.HttpApi.Response;
import dev.pitcrew.api.support.HttpApi;
import dev.pitcrew.api.support.SharedServerTest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The unified audit log over real HTTP: what the recorder writes, the filters, verification and the export. */
class AuditApiTest extends SharedServerTest {
  private static final String SERVICE = """
      {"imageRepository":"registry.example/studio/%s","environments":["staging"]}""";

  @Autowired AuditTrail trail;

  @Test
  void aStateChangeIsRecordedWithItsPatternTargetAndAddress() {
    assertThat(api.put("/api/v1/services/audit-one", SERVICE.formatted("audit-one")).status()).isEqualTo(201);

    JsonNode row = single("/api/v1/audit?target=audit-one");
    assertThat(row.get("action").asString()).isEqualTo("PUT /api/v1/services/{name}");
    assertThat(row.get("channel").asString()).isEqualTo("rest");
    assertThat(row.get("outcome").asString()).isEqualTo("ACCEPTED");
    assertThat(row.get("sourceAddress").asString()).isEqualTo("127.0.0.1");
    assertThat(row.get("principal").asString()).isNotBlank();
    assertThat(row.get("hash").asString()).hasSize(64);
    assertThat(row.has("reason")).isFalse();
  }

  @Test
  void readsAreNotRecordedButRefusalsAreWithTheProblemDetail() {
    api.get("/api/v1/services/audit-two");
    Response bad = api.put("/api/v1/services/audit-two", "{\"environments\":[]}");
    assertThat(bad.status()).isEqualTo(400);

    JsonNode row = single("/api/v1/audit?target=audit-two");
    assertThat(row.get("action").asString()).isEqualTo("PUT /api/v1/services/{name}");
    assertThat(row.get("outcome").asString()).isEqualTo("REJECTED");
    assertThat(row.get("reason").asString()).isEqualTo(bad.body().get("detail").asString());
  }

  @Test
  void aWebhookIsRecordedAsItsServicePrincipalOnceVerifiedAndAsDeniedBefore() {
    Instant before = Instant.now(); // other tests on the shared server post to the same hook
    Response refused = api.post("/api/v1/hooks/alertmanager", "{}", "Authorization", "Bearer wrong");
    Response unreadable = api.post("/api/v1/hooks/alertmanager", "{not json", "Authorization", "Bearer " + ALERTMANAGER_TOKEN);
    assertThat(refused.status()).isEqualTo(401);
    assertThat(unreadable.status()).isEqualTo(400);

    List<JsonNode> rows =
        items("/api/v1/audit?channel=webhook&action=POST+/api/v1/hooks/alertmanager&from=" + before);
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).get("principal").asString()).isEqualTo("webhook:alertmanager");
    assertThat(rows.get(0).get("outcome").asString()).isEqualTo("REJECTED");
    assertThat(rows.get(1).get("principal").asString()).isEqualTo("anonymous");
    assertThat(rows.get(1).get("outcome").asString()).isEqualTo("DENIED");
    assertThat(rows.get(1).get("reason").asString()).isEqualTo("unauthenticated");
  }

  @Test
  void filtersCombineAndPagesLinkOnWithTheSameFilters() {
    Instant before = Instant.now();
    for (int i = 0; i < 3; i++) {
      api.put("/api/v1/services/audit-page-" + i, SERVICE.formatted("audit-page-" + i));
    }
    api.delete("/api/v1/services/audit-page-0");

    String query = "/api/v1/audit?action=PUT+/api/v1/services/%7Bname%7D&outcome=accepted&from=" + before;
    // Rows are written once each response is out: wait for the last one.
    await().until(() -> items("/api/v1/audit?action=DELETE+/api/v1/services/audit-page-0").size(), n -> n == 1);
    JsonNode first = api.get(query + "&size=2").body();
    assertThat(first.get("items")).hasSize(2);
    assertThat(first.get("items").get(0).get("target").asString()).isEqualTo("audit-page-2");
    String next = first.get("next").asString();
    assertThat(next).contains("action=PUT+%2Fapi%2Fv1%2Fservices%2F%7Bname%7D").contains("outcome=accepted")
        .contains("page=1").contains("size=2");
    JsonNode second = api.get(next).body();
    assertThat(second.get("items").get(0).get("target").asString()).isEqualTo("audit-page-0");
    assertThat(second.has("next")).as("last page").isFalse();
    assertThat(items("/api/v1/audit?target=audit-page-0&to=" + before)).isEmpty();
    JsonNode delete = items("/api/v1/audit?action=DELETE+/api/v1/services/audit-page-0").getFirst();
    assertThat(delete.get("outcome").asString()).as("no DELETE handler: 405").isEqualTo("REJECTED");
    assertThat(delete.get("reason").asString()).contains("'DELETE' is not supported");
    assertThat(items("/api/v1/audit?target=audit-page-0&action=PUT&channel=rest&outcome=ACCEPTED")).hasSize(1);
    assertThat(items("/api/v1/audit?target=audit-page-0&channel=workflow")).isEmpty();
  }

  @Test
  void badFiltersAreNamedInOneProblem() {
    Response bad = api.get("/api/v1/audit?channel=fax&outcome=maybe&from=yesterday&colour=red");

    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().get("errors").valueStream().map(e -> e.get("field").asString()).toList())
        .containsExactlyInAnyOrder("channel", "outcome", "from", "colour");
    assertThat(api.get("/api/v1/audit?size=201").status()).isEqualTo(400);
    assertThat(api.get("/api/v1/audit/export?page=1").status()).isEqualTo(400);
  }

  @Test
  void aNulIsStoredAsAReplacementCharacterAndFoundAsOne() {
    trail.record(AuditEvent.now("nul\u0000user", AuditEvent.REST, null, "test.nul", "nul-target",
        AuditOutcome.ACCEPTED, null));

    JsonNode row = single("/api/v1/audit?target=nul-target&principal=nul%00user");
    assertThat(row.get("principal").asString()).isEqualTo("nul\uFFFDuser");
  }

  @Test
  void theChainVerifies() {
    api.put("/api/v1/services/audit-verify", SERVICE.formatted("audit-verify"));

    JsonNode verification = api.get("/api/v1/audit/verify").body();
    assertThat(verification.get("ok").asBoolean()).as(verification.toString()).isTrue();
    assertThat(verification.get("rowsChecked").asLong()).isPositive();
    assertThat(verification.has("firstBrokenId")).isFalse();
  }

  @Test
  void theExportStreamsOneJsonObjectPerLineOldestFirstWithHashes() {
    for (int i = 0; i < 3; i++) {
      api.put("/api/v1/services/audit-export", SERVICE.formatted("audit-export"));
    }

    Response export = api.get("/api/v1/audit/export?target=audit-export");
    assertThat(export.status()).isEqualTo(200);
    assertThat(export.raw().headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("application/x-ndjson"));
    JsonMapper json = JsonMapper.builder().build();
    List<JsonNode> lines = export.text().lines().map(json::readTree).toList();
    assertThat(lines).hasSize(3);
    assertThat(lines).allSatisfy(l -> assertThat(l.get("hash").asString()).hasSize(64));
    assertThat(lines.get(0).get("id").asLong()).isLessThan(lines.get(2).get("id").asLong());
  }

  @Test
  void refusalsBySecurityAndTheAuthenticatedPrincipalAreSeen(@Autowired ApiTokens tokens) {
    Response refused = new HttpApi(port, null).get("/api/v1/runs?audit-probe=1");
    HttpApi alice = Callers.as(api, tokens, "alice@studio.example");
    Response created = alice.put("/api/v1/services/audit-sec", SERVICE.formatted("audit-sec"));
    HttpApi viewer = Callers.as(api, tokens, "vic@studio.example", "viewer");
    Response forbidden = viewer.put("/api/v1/services/audit-sec", SERVICE.formatted("audit-sec"));
    assertThat(refused.status()).isEqualTo(401);
    assertThat(created.status()).isEqualTo(201);
    assertThat(forbidden.status()).isEqualTo(403);

    JsonNode denied = single("/api/v1/audit?action=GET+/api/v1/runs&outcome=DENIED");
    assertThat(denied.get("principal").asString()).isEqualTo("anonymous");
    assertThat(denied.get("reason").asString()).isEqualTo("unauthenticated");
    JsonNode accepted = single("/api/v1/audit?target=audit-sec&outcome=ACCEPTED");
    assertThat(accepted.get("principal").asString()).isEqualTo("alice@studio.example");
    JsonNode notAllowed = single("/api/v1/audit?target=audit-sec&outcome=DENIED");
    assertThat(notAllowed.get("principal").asString()).isEqualTo("vic@studio.example");
    assertThat(notAllowed.get("reason").asString()).isEqualTo(forbidden.body().get("detail").asString())
        .contains("services.write");
  }

  private List<JsonNode> items(String path) {
    Response response = api.get(path);
    assertThat(response.status()).as(response.text()).isEqualTo(200);
    return response.body().get("items").valueStream().toList();
  }

  /** The one row a query finds; the recorder writes after the response, so it may land a moment later. */
  private JsonNode single(String path) {
    await().until(() -> items(path).size(), n -> n >= 1);
    List<JsonNode> rows = items(path);
    assertThat(rows).hasSize(1);
    return rows.getFirst();
  }
}
