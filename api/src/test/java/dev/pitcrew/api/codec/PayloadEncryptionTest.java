package dev.pitcrew.api.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import dev.pitcrew.api.support.HttpApi.Response;
import dev.pitcrew.api.support.SharedServerTest;
import dev.pitcrew.workers.temporal.TemporalEndpoint;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The shared server encrypts every payload (SharedServerTest configures a key): Temporal's own history holds no
 * plaintext of what a caller sent, Pitcrew's API still shows it, and the codec endpoint decrypts it for the
 * Temporal UI, for authenticated callers and the configured UI origin only.
 */
class PayloadEncryptionTest extends SharedServerTest {
  @Autowired WorkflowServiceStubs temporal;
  @Autowired TemporalEndpoint endpoint;

  @Test
  void temporalStoresNoPlaintextAndTheApiAndCodecStillReadIt() throws Exception {
    String marker = "confidential-" + UUID.randomUUID();
    String id = api.post("/api/v1/runs", "{\"type\":\"self-check\",\"input\":{\"label\":\"encryption\","
        + "\"awaitConfirmation\":true}}").body().get("workflowId").asString();
    await().until(() -> api.get("/api/v1/runs/" + id).body().path("phase").asString(), "AwaitingConfirmation"::equals);
    assertThat(api.post("/api/v1/runs/" + id + "/signals/confirm", "{\"note\":\"" + marker + "\"}").status())
        .isEqualTo(202);
    JsonNode run = await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/v1/runs/" + id).body(),
        r -> "COMPLETED".equals(r.get("status").asString()));

    History history = rawHistory(id);
    assertThat(new String(history.toByteArray(), StandardCharsets.ISO_8859_1)).doesNotContain(marker)
        .contains("binary/encrypted");
    assertThat(run.get("result").get("confirmation").get("note").asString()).isEqualTo(marker);

    Payload signal = history.getEventsList().stream().filter(HistoryEvent::hasWorkflowExecutionSignaledEventAttributes)
        .findFirst().orElseThrow().getWorkflowExecutionSignaledEventAttributes().getInput().getPayloads(0);
    String request = JsonFormat.printer().print(Payloads.newBuilder().addPayloads(signal).build());
    Response decoded = api.post("/codec/decode", request, "X-Namespace", endpoint.namespace());
    assertThat(decoded.status()).as(decoded.text()).isEqualTo(200);
    JsonNode payload = decoded.body().get("payloads").get(0);
    assertThat(base64(payload.get("metadata").get("encoding"))).isEqualTo("json/plain");
    assertThat(base64(payload.get("data"))).contains(marker);
  }

  @Test
  void aPayloadRoundTripsThroughTheCodecEndpoint() throws Exception {
    Payload plain = Payload.newBuilder().putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8("{\"title\":\"Login queue stuck\"}")).build();
    String request = JsonFormat.printer().print(Payloads.newBuilder().addPayloads(plain).build());

    Response encoded = api.post("/codec/encode", request);
    assertThat(encoded.status()).as(encoded.text()).isEqualTo(200);
    assertThat(encoded.text()).doesNotContain(Base64.getEncoder().encodeToString(plain.getData().toByteArray()));
    assertThat(base64(encoded.body().get("payloads").get(0).get("metadata").get("encryption-key-id")))
        .isEqualTo("shared1");

    Response decoded = api.post("/codec/decode", encoded.text());
    Payloads.Builder back = Payloads.newBuilder();
    JsonFormat.parser().merge(decoded.text(), back);
    assertThat(back.build().getPayloadsList()).containsExactly(plain);

    // Who had payloads decrypted is on the audit log, without the payloads.
    JsonNode audited = await().atMost(Duration.ofSeconds(10)).until(
        () -> api.get("/api/v1/audit?action=POST+/codec/decode").body().get("items"),
        items -> !items.isEmpty());
    assertThat(audited.get(0).get("outcome").asString()).isEqualTo("ACCEPTED");
    assertThat(audited.toString()).doesNotContain("Login queue stuck");
  }

  @Test
  void anonymousCallersAndMalformedBodiesAndOtherNamespacesAreRefused() {
    Response anonymous = api.as(null).post("/codec/decode", "{\"payloads\":[]}");
    assertThat(anonymous.status()).isEqualTo(401);

    Response malformed = api.post("/codec/decode", "{\"payloads\":\"not an array\"}");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.text()).contains("payloads");

    Response otherNamespace = api.post("/codec/decode", "{\"payloads\":[]}", "X-Namespace", "someone-else");
    assertThat(otherNamespace.status()).isEqualTo(400);
    assertThat(otherNamespace.text()).contains("X-Namespace");
  }

  @Test
  void onlyTheConfiguredTemporalUiOriginGetsCorsHeaders() {
    Response allowed = preflight(TEMPORAL_UI_ORIGIN);
    assertThat(allowed.status()).isEqualTo(200);
    assertThat(allowed.raw().headers().firstValue("Access-Control-Allow-Origin")).hasValue(TEMPORAL_UI_ORIGIN);
    assertThat(allowed.raw().headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
        .contains("authorization", "x-namespace");

    Response other = preflight("https://evil.example");
    assertThat(other.raw().headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    assertThat(other.status()).isEqualTo(403);

    Response actual = api.post("/codec/decode", "{\"payloads\":[]}", "Origin", TEMPORAL_UI_ORIGIN);
    assertThat(actual.status()).isEqualTo(200);
    assertThat(actual.raw().headers().firstValue("Access-Control-Allow-Origin")).hasValue(TEMPORAL_UI_ORIGIN);
  }

  private Response preflight(String origin) {
    return api.as(null).request("OPTIONS", "/codec/decode", null, null, "Origin", origin,
        "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization,content-type,x-namespace");
  }

  private History rawHistory(String workflowId) {
    return temporal.blockingStub().getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest.newBuilder()
        .setNamespace(endpoint.namespace())
        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
        .build()).getHistory();
  }

  private static String base64(JsonNode node) {
    return new String(Base64.getDecoder().decode(node.asString()), StandardCharsets.UTF_8);
  }
}
