package dev.pitcrew.api.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pitcrew.api.security.tokens.ApiTokens;
import dev.pitcrew.api.support.Callers;
import dev.pitcrew.api.support.HttpApi;
import dev.pitcrew.api.support.HttpApi.Response;
import dev.pitcrew.api.support.LocalModeTestProperties;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Auto-remediation end to end over real HTTP, against the product in local mode: embedded PostgreSQL, Temporal's
 * test server, real workers, the sandbox Kubernetes (fabric8's mock API server) and the outbox that stands in for
 * PagerDuty without credentials. Its own context only for the Alertmanager token and a GitOps runbook directory.
 */
// A context of its own, closed after the class: its embedded PostgreSQL lives in a @TempDir that JUnit deletes
// then, and a cached context would run on without its files for the rest of the JVM (SharedServerTest).
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RemediationApiTest {
  static final String HOOK = "/api/v1/hooks/alertmanager";
  static final String TOKEN = "am-remediation-4e1f";

  @TempDir static Path dataDir;
  @TempDir static Path runbookDir;

  @DynamicPropertySource
  static void localMode(DynamicPropertyRegistry registry) {
    LocalModeTestProperties.register(registry, dataDir);
    registry.add("pitcrew.hooks.alertmanager.bearer-token", () -> TOKEN);
    registry.add("pitcrew.hooks.alertmanager.dedup-mode", () -> "fingerprint");
    registry.add("pitcrew.remediation.max-concurrent", () -> "100");
    try {
      Files.writeString(runbookDir.resolve("gitops-demo.yaml"), """
          description: loaded from Git at start
          matchers: ['alertname="GitopsDemo"']
          target: {kind: SERVICE}
          steps:
            - {name: restart, action: ROLLOUT_RESTART}
          """);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    registry.add("pitcrew.remediation.runbooks.directory", runbookDir::toString);
  }

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired KubernetesClient kubernetes;
  @Autowired ApiTokens tokens;

  private HttpApi api() {
    return new HttpApi(port);
  }

  private Response alerts(String groupKey, List<String> alertJson) {
    String body = """
        {"version":"4","groupKey":"%s","truncatedAlerts":0,"status":"firing","receiver":"pitcrew",
         "groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://am:9093",
         "alerts":[%s]}""".formatted(groupKey, String.join(",", alertJson));
    return api().post(HOOK, body, "Authorization", "Bearer " + TOKEN);
  }

  static String alert(String status, String fingerprint, Map<String, String> labels) {
    String labelJson = labels.entrySet().stream().map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
        .collect(Collectors.joining(","));
    return """
        {"status":"%s","labels":{%s},"annotations":{"summary":"%s on %s"},
         "startsAt":"2026-11-30T09:00:00Z","endsAt":"%s","generatorURL":"http://prom","fingerprint":"%s"}"""
        .formatted(status, labelJson, labels.get("alertname"), labels.get("service"),
            status.equals("firing") ? "0001-01-01T00:00:00Z" : "2026-11-30T09:05:00Z", fingerprint);
  }

  private void putRunbook(String name, String json) {
    Response put = api().put("/api/v1/runbooks/" + name, json);
    assertThat(put.status()).as(put.text()).isIn(200, 201);
  }

  private JsonNode remediation(String workflowId) {
    Response got = api().get("/api/v1/remediations/" + workflowId);
    assertThat(got.status()).as(got.text()).isEqualTo(200);
    return got.body();
  }

  private JsonNode awaitResult(String workflowId) {
    await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250))
        .until(() -> remediation(workflowId).has("result"));
    return remediation(workflowId).get("result");
  }

  private int pagesFor(String incidentId) {
    return jdbc.sql("""
            select count(*) from outbox
            where integration = 'pagerduty' and operation = 'trigger' and payload->>'dedupKey' = ?
            """).param(incidentId).query(Integer.class).single();
  }

  private int pagesForService(String service) {
    return jdbc.sql("""
            select count(*) from outbox
            where integration = 'pagerduty' and operation = 'trigger' and payload->>'dedupKey' like ?
            """).param("%" + service + "%").query(Integer.class).single();
  }

  private void deployment(String namespace, String name) {
    kubernetes.apps().deployments().inNamespace(namespace).resource(new DeploymentBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace)
        .addToLabels("app.kubernetes.io/name", name).endMetadata()
        .withNewSpec().withReplicas(3)
        .withNewSelector().addToMatchLabels("app.kubernetes.io/name", name).endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app.kubernetes.io/name", name).endMetadata()
        .withNewSpec().addNewContainer().withName(name).withImage("registry.example/" + name + ":v1").endContainer()
        .endSpec().endTemplate().endSpec().build()).create();
  }

  private Map<String, String> templateAnnotations(String namespace, String name) {
    Deployment d = kubernetes.apps().deployments().inNamespace(namespace).withName(name).get();
    Map<String, String> annotations = d.getSpec().getTemplate().getMetadata().getAnnotations();
    return annotations == null ? Map.of() : annotations;
  }

  static String restartRunbook(String alertname, String extra) {
    return """
        {"description": "OOM-killed game server: restart it",
         "matchers": ["alertname=\\"%s\\"", "severity=~\\"critical|warning\\""],
         "target": {"kind": "SERVICE", "namespace": "games"},
         "steps": [{"name": "restart", "action": "ROLLOUT_RESTART", "risk": "LOW"}],
         "verify": {"withinSeconds": 30},
         "guardrails": {"maxPerTarget": 1, "windowSeconds": 3600},
         "severity": "SEV2"%s}""".formatted(alertname, extra);
  }

  @Test
  void rollbackActionDrivesARealBlueGreenRollbackInTheSandbox() {
    Response service = api().put("/api/v1/services/rollback-api", """
        {"imageRepository":"registry.example/rollback-api","environments":["staging"],"replicas":2,
         "strategy":{"autoPromotionEnabled":true,"scaleDownDelaySeconds":1,"abortScaleDownDelaySeconds":1,
                     "rollbackWindowSeconds":300}}""");
    assertThat(service.status()).as(service.text()).isIn(200, 201);
    String deploymentId = "deploy-rollback-api@staging";
    for (String image : List.of("v1", "v2")) {
      Response deployed = api().post("/api/v1/deployments", """
          {"service":"rollback-api","environment":"staging","image":"%s"}""".formatted(image));
      assertThat(deployed.status()).as(deployed.text()).isEqualTo(201);
      // v1 completes (nothing to keep warm); v2 is promoted and keeps v1 warm for its rollback window.
      awaitDeployment(deploymentId, d -> image.equals("v1")
          ? "COMPLETED".equals(d.get("status").asString())
          : "Promoted".equals(d.path("phase").asString()) && "RUNNING".equals(d.get("status").asString()));
    }
    putRunbook("rollback-after-deploy", """
        {"matchers": ["alertname=\\"ErrorRateAfterDeploy\\""],
         "target": {"kind": "SERVICE"},
         "steps": [{"name": "roll-back", "action": "ROLLBACK_DEPLOYMENT", "params": {"environment": "staging"}}],
         "verify": {"withinSeconds": 30},
         "severity": "SEV2"}""");
    Map<String, String> labels = Map.of("alertname", "ErrorRateAfterDeploy", "service", "rollback-api");

    Response fired = alerts("g-rollback", List.of(alert("firing", "fp-rollback", labels)));
    assertThat(fired.status()).as(fired.text()).isEqualTo(200);
    String id = fired.body().get("alerts").get(0).get("remediationId").asString();

    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
        assertThat(remediation(id).get("phase").asString()).as(remediation(id).toString()).isEqualTo("Verifying"));
    JsonNode rolledBack = awaitDeployment(deploymentId, d -> "COMPLETED".equals(d.get("status").asString()));
    assertThat(rolledBack.get("phase").asString()).isEqualTo("RolledBack");
    assertThat(rolledBack.get("trafficOn").asString()).isEqualTo(rolledBack.get("previousColour").asString());
    assertThat(rolledBack.get("outcome").asString()).startsWith("Rolled back by " + id + ": runbook step roll-back");
    assertThat(rolledBack.get("decisions").valueStream().filter(d -> d.get("kind").asString().equals("rollback"))
        .toList()).as("one rollback, however often the step ran").hasSize(1);

    alerts("g-rollback", List.of(alert("resolved", "fp-rollback", labels)));
    assertThat(awaitResult(id).get("outcome").asString()).isEqualTo("AUTO_RESOLVED");
    assertThat(remediation(id).get("timeline").valueStream().map(n -> n.get("text").asString()))
        .anyMatch(t -> t.contains("asked deployment " + deploymentId + " to roll back: rolled back at phase"));

  }

  private JsonNode awaitDeployment(String id, java.util.function.Predicate<JsonNode> condition) {
    return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
        .until(() -> {
          Response response = api().get("/api/v1/deployments/" + id);
          assertThat(response.status()).as(response.text()).isEqualTo(200);
          return response.body();
        }, d -> d.hasNonNull("requestedBy") && condition.test(d));
  }

  @Test
  void aRunbookInTheDirectoryIsLoadedAtStartAsItsFirstVersion() {
    JsonNode runbook = api().get("/api/v1/runbooks/gitops-demo").body();
    assertThat(runbook.get("version").asInt()).isEqualTo(1);
    assertThat(runbook.get("updatedBy").asString()).isEqualTo("gitops:gitops-demo.yaml");
    assertThat(runbook.get("document").get("steps").get(0).get("action").asString()).isEqualTo("ROLLOUT_RESTART");
  }

  @Test
  void aBadRunbookIsRefusedNamingEveryBadFieldAndNothingIsStored() {
    Response refused = api().put("/api/v1/runbooks/bad-one", """
        {"matchers": ["alertname=~\\"(unclosed\\"", "no operator"],
         "target": {"kind": "SERVICE"},
         "steps": [{"name": "kill", "action": "DELETE_POD"},
                   {"name": "scale", "action": "SCALE", "params": {"min": "5", "max": "2", "by": "1"}},
                   {"name": "roll-back", "action": "ROLLBACK_DEPLOYMENT"},
                   {"name": "roll-back-2", "action": "ROLLBACK_DEPLOYMENT", "params": {"environment": "Prod_1"}}],
         "verify": {"prometheusQuery": "up"}}""");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body().get("errors").findValuesAsString("field")).containsExactly(
        "matchers[0]", "matchers[1]", "steps[0].action", "steps[1].params.min", "steps[2].params.environment",
        "steps[3].params.environment", "verify.condition");
    Response unknown = api().put("/api/v1/runbooks/bad-one", """
        {"matchers": ["a=\\"b\\""], "target": {"kind": "POD"}, "steps": [{"name": "x", "action": "REBOOT"}],
         "attempts": 9, "surprise": true}""");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.body().get("errors").findValuesAsString("field")).contains("steps[0].action", "surprise");
    Response outOfRange = api().put("/api/v1/runbooks/bad-one", """
        {"matchers": ["a=\\"b\\""], "target": {"kind": "POD"}, "steps": [{"name": "x", "action": "WAIT",
         "params": {"seconds": "5"}}], "attempts": 9, "guardrails": {"maxPodsPercent": 0}}""");
    assertThat(outOfRange.body().get("errors").findValuesAsString("field"))
        .containsExactlyInAnyOrder("attempts", "guardrails.maxPodsPercent");
    assertThat(api().get("/api/v1/runbooks/bad-one").status()).isEqualTo(404);
  }

  @Test
  void everyChangeKeepsThePreviousVersionAndWhoMadeIt() {
    putRunbook("versioned", restartRunbook("VersionedAlert", ""));
    putRunbook("versioned", restartRunbook("VersionedAlert", ""));  // unchanged: no new version
    Response yaml = api().request("PUT", "/api/v1/runbooks/versioned", "application/yaml", """
        matchers: ['alertname="VersionedAlert"']
        target: {kind: SERVICE}
        steps: [{name: restart, action: ROLLOUT_RESTART}]
        dryRun: true
        """);
    assertThat(yaml.status()).as(yaml.text()).isEqualTo(200);
    assertThat(yaml.body().get("version").asInt()).isEqualTo(2);
    assertThat(api().delete("/api/v1/runbooks/versioned").status()).isEqualTo(204);

    JsonNode versions = api().get("/api/v1/runbooks/versioned/versions").body().get("versions");
    assertThat(versions.findValuesAsString("changedBy")).containsOnly("admin");
    assertThat(versions.findValues("version").stream().map(JsonNode::asInt).toList()).containsExactly(3, 2, 1);
    assertThat(versions.get(0).path("document").isMissingNode() || versions.get(0).get("document").isNull())
        .as("the deletion is a version too").isTrue();
    assertThat(versions.get(1).get("document").get("dryRun").asBoolean()).isTrue();
  }

  @Test
  void anOomAlertRestartsTheServiceVerifiesOnTheResolvedNotificationAndPagesNobodyThenTheRateLimitEscalatesOnce() {
    deployment("games", "lobby-oom");
    putRunbook("lobby-oom-restart", restartRunbook("LobbyOOMKilled", ""));
    Map<String, String> labels = Map.of("alertname", "LobbyOOMKilled", "service", "lobby-oom", "severity", "critical");

    Response fired = alerts("g-lobby", List.of(alert("firing", "fp-lobby", labels)));
    assertThat(fired.status()).as(fired.text()).isEqualTo(200);
    JsonNode handled = fired.body().get("alerts").get(0);
    assertThat(handled.get("outcome").asString()).isEqualTo("REMEDIATING");
    assertThat(handled.has("incidentId")).as("nobody paged yet").isFalse();
    String id = handled.get("remediationId").asString();

    await().atMost(Duration.ofSeconds(20)).until(() -> "Verifying".equals(remediation(id).get("phase").asString()));
    assertThat(templateAnnotations("games", "lobby-oom"))
        .containsKey("kubectl.kubernetes.io/restartedAt")
        .containsEntry("pitcrew.dev/remediation-action", remediationRunKey(id) + "#1.1");

    Response resolved = api().post(HOOK, """
        {"version":"4","groupKey":"g-lobby","truncatedAlerts":0,"status":"resolved","receiver":"pitcrew",
         "groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://am:9093","alerts":[%s]}"""
        .formatted(alert("resolved", "fp-lobby", labels)), "Authorization", "Bearer " + TOKEN);
    assertThat(resolved.body().get("alerts").get(0).get("outcome").asString()).isEqualTo("REMEDIATING");

    JsonNode result = awaitResult(id);
    assertThat(result.get("outcome").asString()).isEqualTo("AUTO_RESOLVED");
    assertThat(jdbc.sql("select outcome from remediation_outcomes where remediation_id like ?").param(id + ":%")
        .query(String.class).single()).isEqualTo("AUTO_RESOLVED");
    assertThat(pagesForService("lobby-oom")).as("nobody paged").isZero();

    // Within the window, the same alert again: the rate limit refuses, and the refusal escalates and pages once.
    String again = alerts("g-lobby", List.of(alert("firing", "fp-lobby", labels))).body().get("alerts").get(0)
        .get("remediationId").asString();
    assertThat(again).isEqualTo(id);
    await().atMost(Duration.ofSeconds(20)).until(() -> "REFUSED".equals(awaitResult(id).get("outcome").asString()));
    JsonNode refused = awaitResult(id);
    assertThat(refused.get("detail").asString()).startsWith("refused by guardrail rate-limit");
    String incidentId = refused.get("incidentId").asString();
    await().atMost(Duration.ofSeconds(20)).until(() -> pagesFor(incidentId) == 1);
    assertThat(pagesForService("lobby-oom")).isEqualTo(1);
    // The rest of that storm joins the refused remediation, which holds the target: still one claim, one page.
    for (int i = 0; i < 3; i++) {
      assertThat(alerts("g-lobby", List.of(alert("firing", "fp-lobby", labels))).status()).isEqualTo(200);
    }
    assertThat(remediation(id).get("phase").asString()).isEqualTo("Holding");
    assertThat(jdbc.sql("select count(*) from remediation_claims where remediation_id like ?").param(id + ":%")
        .query(Integer.class).single()).isEqualTo(2);
    assertThat(pagesForService("lobby-oom")).isEqualTo(1);

    // The report tells the two episodes of the one remediation ID apart: one auto-resolved, one paged.
    JsonNode row = api().get("/api/v1/alerts/quality?window=1h&service=lobby-oom").body().get("alerts").get(0);
    assertThat(row.get("fired").asInt()).isEqualTo(2);
    assertThat(row.get("autoResolved").asInt()).isEqualTo(1);
    assertThat(row.get("paged").asInt()).isEqualTo(1);
    assertThat(api().get("/api/v1/runs?type=remediation").text()).contains(id);
  }

  private String remediationRunKey(String workflowId) {
    return jdbc.sql("select remediation_id from remediation_claims where remediation_id like ? and granted")
        .param(workflowId + ":%").query(String.class).single();
  }

  /**
   * 500 alerts (10 notifications of each of 50 pods) in 50 concurrent deliveries: one remediation per pod, 50 guardrail
   * claims exactly (10 granted = 20 % of the pods, 40 refused by the blast radius), one incident paged once. Exact
   * whatever the timing, because a remediation that ends without its alert resolving holds its target for the
   * rate-limit window: a pod's late notifications join it instead of starting a second claim. A second wave inside
   * the window proves it: it joins the same 50 remediations and claims nothing.
   */
  @Test
  void anAlertStormOverFiftyPodsYieldsOneRemediationPerPodAndTheBlastRadiusHoldsToTheExactCount()
      throws Exception {
    String service = "matchmaker-storm";
    for (int i = 0; i < 50; i++) {
      kubernetes.pods().inNamespace("storm").resource(new PodBuilder()
          .withNewMetadata().withName(service + "-" + i).withNamespace("storm")
          .addToLabels("app.kubernetes.io/name", service).endMetadata()
          .withNewSpec().addNewContainer().withName("mm").withImage("mm:v1").endContainer().endSpec()
          .build()).create();
    }
    putRunbook("storm-pod-stuck", """
        {"matchers": ["alertname=\\"MatchmakerPodStuck\\"", "namespace=\\"storm\\""],
         "target": {"kind": "POD"},
         "steps": [{"name": "delete-pod", "action": "DELETE_POD"}],
         "verify": {"withinSeconds": 1},
         "guardrails": {"maxPerTarget": 1, "windowSeconds": 3600, "maxPodsPercent": 20},
         "severity": "SEV2"}""");

    Set<String> remediations = storm(service, 50, 10);
    assertThat(remediations).as("one remediation per pod").hasSize(50);

    await().atMost(Duration.ofSeconds(120)).until(() -> jdbc.sql(
        "select count(*) from remediation_outcomes where runbook = 'storm-pod-stuck'").query(Integer.class).single() == 50);
    assertStormClaims();
    assertThat(kubernetes.pods().inNamespace("storm").list().getItems()).hasSize(40);

    // Every remediation ended escalated (40 refused, 10 not verified) into one incident, which paged once.
    List<String> incidents = jdbc.sql(
        "select distinct incident_id from remediation_outcomes where runbook = 'storm-pod-stuck'").query(String.class).list();
    assertThat(incidents).hasSize(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> pagesFor(incidents.get(0)) >= 1);
    assertThat(pagesFor(incidents.get(0))).isEqualTo(1);

    // The same storm again inside the window: every alert joins its pod's held remediation; nothing new is claimed.
    assertThat(storm(service, 10, 5)).isEqualTo(remediations);
    assertThat(remediation(remediations.iterator().next()).get("phase").asString()).isEqualTo("Holding");
    assertStormClaims();
    assertThat(jdbc.sql("select count(*) from remediation_outcomes where runbook = 'storm-pod-stuck'")
        .query(Integer.class).single()).isEqualTo(50);
    assertThat(pagesFor(incidents.get(0))).isEqualTo(1);
  }

  private void assertStormClaims() {
    Map<Boolean, Long> decided = jdbc.sql("select granted, reason from remediation_claims where runbook = 'storm-pod-stuck'")
        .query((rs, n) -> Map.entry(rs.getBoolean(1), String.valueOf(rs.getString(2)))).list().stream()
        .collect(Collectors.partitioningBy(Map.Entry::getKey, Collectors.counting()));
    assertThat(decided.get(true)).as("20% of 50 pods").isEqualTo(10);
    assertThat(decided.get(false)).isEqualTo(40);
    assertThat(jdbc.sql("select count(*) from remediation_claims where runbook = 'storm-pod-stuck' and not granted "
        + "and reason like 'blast-radius:%'").query(Integer.class).single()).isEqualTo(40);
  }

  /** {@code deliveries} deliveries of 10 alerts each, cycling over the 50 pods, sent {@code parallel} at a time. */
  private Set<String> storm(String service, int deliveries, int parallel) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    try {
      List<Future<Response>> sent = new ArrayList<>();
      for (int d = 0; d < deliveries; d++) {
        List<String> batch = new ArrayList<>();
        for (int a = 0; a < 10; a++) {
          int pod = (d * 10 + a) % 50;
          batch.add(alert("firing", "fp-storm-" + pod, Map.of("alertname", "MatchmakerPodStuck", "service", service,
              "namespace", "storm", "pod", service + "-" + pod, "severity", "critical")));
        }
        String group = "g-storm-" + d;
        sent.add(pool.submit(() -> alerts(group, batch)));
      }
      Set<String> remediations = new TreeSet<>();
      for (Future<Response> future : sent) {
        Response response = future.get();
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        response.body().get("alerts").forEach(a -> remediations.add(a.get("remediationId").asString()));
      }
      return remediations;
    } finally {
      pool.shutdown();
    }
  }

  private String fire(String alertname, String service, String fingerprint) {
    Response fired = alerts("g-" + fingerprint, List.of(alert("firing", fingerprint,
        Map.of("alertname", alertname, "service", service, "severity", "critical"))));
    assertThat(fired.status()).as(fired.text()).isEqualTo(200);
    return fired.body().get("alerts").get(0).get("remediationId").asString();
  }

  @Test
  void theKillSwitchAndAMaintenanceWindowRefuseVisiblyAndTheRefusalEscalates() {
    putRunbook("guarded-restart", restartRunbook("GuardedAlert", ""));
    assertThat(api().put("/api/v1/remediation/kill-switch", "{\"engaged\": true}").status()).isEqualTo(200);
    String killed;
    try {
      killed = fire("GuardedAlert", "guarded-a", "fp-guard-a");
      JsonNode result = awaitResult(killed);
      assertThat(result.get("outcome").asString()).isEqualTo("REFUSED");
      assertThat(result.get("detail").asString()).startsWith("refused by guardrail kill-switch");
    } finally {
      assertThat(api().put("/api/v1/remediation/kill-switch", "{\"engaged\": false}").status()).isEqualTo(200);
    }
    Response window = api().post("/api/v1/remediation/maintenance-windows", """
        {"service": "guarded-b", "startsAt": "2020-01-01T00:00:00Z", "endsAt": "2099-01-01T00:00:00Z",
         "reason": "database migration"}""");
    assertThat(window.status()).as(window.text()).isEqualTo(201);
    JsonNode refused = awaitResult(fire("GuardedAlert", "guarded-b", "fp-guard-b"));
    assertThat(refused.get("detail").asString()).contains("maintenance-window").contains("database migration");
    assertThat(refused.get("incidentId").asString()).startsWith("incident-remediation-guarded-restart-guarded-b");
    assertThat(api().post("/api/v1/remediation/maintenance-windows", """
        {"service": "guarded-b", "startsAt": "2030-01-01T00:00:00Z", "endsAt": "2020-01-01T00:00:00Z",
         "reason": "backwards"}""").status()).isEqualTo(400);
    assertThat(jdbc.sql("select count(*) from audit_log where principal = ? and outcome = 'REJECTED'")
        .param("workflow:" + killed).query(Integer.class).single()).isEqualTo(1);
  }

  @Test
  void aRunbookSwitchedToDryRunPlansAndLeavesTheDeploymentUntouched() {
    deployment("games", "chat-dry");
    putRunbook("chat-dry-restart", restartRunbook("ChatDryAlert", ""));
    assertThat(api().put("/api/v1/runbooks/chat-dry-restart/switches", "{\"dryRun\": true}").status()).isEqualTo(200);
    Deployment before = kubernetes.apps().deployments().inNamespace("games").withName("chat-dry").get();

    JsonNode result = awaitResult(fire("ChatDryAlert", "chat-dry", "fp-chat-dry"));
    assertThat(result.get("outcome").asString()).isEqualTo("DRY_RUN");
    assertThat(result.get("plan").get(0).asString()).isEqualTo("restart: ROLLOUT_RESTART (LOW)");
    // The sandbox's rollout controller writes the status; the remediation must not have touched the spec.
    Deployment after = kubernetes.apps().deployments().inNamespace("games").withName("chat-dry").get();
    assertThat(after.getSpec()).isEqualTo(before.getSpec());
    assertThat(after.getMetadata().getGeneration()).isEqualTo(before.getMetadata().getGeneration());
  }

  @Test
  void aHighRiskStepWaitsForAnApprovalThatOnlyAnApproverGivesAndOnlyOnce() {
    deployment("games", "shop-approve");
    putRunbook("shop-restart", restartRunbook("ShopAlert", "").replace("\"risk\": \"LOW\"", "\"risk\": \"HIGH\""));
    String id = fire("ShopAlert", "shop-approve", "fp-shop");
    await().atMost(Duration.ofSeconds(20))
        .until(() -> "AwaitingApproval".equals(remediation(id).get("phase").asString()));

    HttpApi viewer = Callers.as(api(), tokens, "viewer-vic", "viewer");
    assertThat(viewer.post("/api/v1/remediations/" + id + "/approve", "{}").status()).isEqualTo(403);
    Response approved = api().post("/api/v1/remediations/" + id + "/approve", "{\"reason\": \"known leak\"}");
    assertThat(approved.status()).as(approved.text()).isEqualTo(200);
    assertThat(approved.body().get("by").asString()).isEqualTo("admin");
    Response twice = api().post("/api/v1/remediations/" + id + "/reject", "{}");
    assertThat(twice.status()).isEqualTo(409);
    assertThat(twice.body().get("detail").asString()).isEqualTo("Already approved by admin");
    await().atMost(Duration.ofSeconds(20))
        .until(() -> templateAnnotations("games", "shop-approve").containsKey("kubectl.kubernetes.io/restartedAt"));
  }

  @Test
  void theQualityReportCountsAGeneratedAlertHistory() {
    // 6 episodes of QueueDepthHigh on quality-svc: 4 cleared by themselves within a minute (2 of them flapping),
    // 1 auto-resolved by a runbook, 1 paged and acknowledged after 90 s, then cleared by itself.
    String insert = """
        insert into alert_events (fingerprint, alertname, service, status, received_at, runbook, remediation_id,
                                  incident_id)
        values (?, 'QueueDepthHigh', 'quality-svc', ?, now() - make_interval(secs => ?), ?, ?, ?)
        """;
    Object[][] rows = {
        {"q1", "firing", 300, null, null, null}, {"q1", "resolved", 299, null, null, null},
        {"q1", "firing", 295, null, null, null}, {"q1", "resolved", 294, null, null, null},
        {"q1", "firing", 290, null, null, null}, {"q1", "resolved", 289, null, null, null},
        {"q2", "firing", 200, null, null, null}, {"q2", "firing", 199, null, null, null},
        {"q2", "resolved", 198.5, null, null, null},
        {"q3", "firing", 100, "queue-scale", "remediation-queue-scale-q3", null},
        {"q3", "resolved", 95, "queue-scale", "remediation-queue-scale-q3", null},
        {"q4", "firing", 60, null, null, "incident-quality-q4"}, {"q4", "resolved", 30, null, null, null},
    };
    for (Object[] r : rows) {
      jdbc.sql(insert).params(r[0], r[1], ((Number) r[2]).doubleValue() * 60, r[3], r[4], r[5]).update();
    }
    jdbc.sql("""
        insert into remediation_outcomes (remediation_id, runbook, service, target, alertname, outcome, started_at,
                                          ended_at)
        values ('remediation-queue-scale-q3:run1', 'queue-scale', 'quality-svc', 'x', 'QueueDepthHigh',
                'AUTO_RESOLVED', now() - interval '100 minutes', now() - interval '95 minutes')
        """).update();
    jdbc.sql("""
        insert into incidents (incident_id, dedup_key, service, severity, state, opened_at, acknowledged_at)
        values ('incident-quality-q4', 'k-q4', 'quality-svc', 'SEV2', 'ACKNOWLEDGED', now() - interval '60 minutes',
                now() - interval '3510 seconds')
        """).update();

    Response report = api().get("/api/v1/alerts/quality?window=24h&service=quality-svc");
    assertThat(report.status()).as(report.text()).isEqualTo(200);
    JsonNode row = report.body().get("alerts").get(0);
    assertThat(row.get("alertname").asString()).isEqualTo("QueueDepthHigh");
    assertThat(row.get("fired").asInt()).isEqualTo(6);
    assertThat(row.get("autoResolved").asInt()).isEqualTo(1);
    assertThat(row.get("resolvedByItself").asInt()).isEqualTo(4);
    assertThat(row.get("paged").asInt()).isEqualTo(1);
    assertThat(row.get("ackedWithoutAction").asInt()).isEqualTo(1);
    assertThat(row.get("flapping").asInt()).isEqualTo(2);
    assertThat(row.get("mttaSeconds").asLong()).isEqualTo(90);
    assertThat(row.get("falsePositiveRate").asDouble()).isEqualTo(0.667);
    assertThat(row.get("autoResolveRate").asDouble()).isEqualTo(0.167);
    assertThat(row.get("suggestions").get(0).asString())
        .isEqualTo("fired 6 times, 4 cleared by themselves within 2 min: raise `for:` on the alerting rule");
    assertThat(api().get("/api/v1/alerts/quality?window=1y").status()).isEqualTo(400);
    assertThat(report.body().get("summary").get("falsePositiveRate").asDouble()).isEqualTo(0.667);

    // The responder who was paged for q4 marks it as noise: it becomes a false positive, attributed and audited.
    HttpApi responder = Callers.as(api(), tokens, "rita-responder", "responder");
    Response marked = responder.post("/api/v1/alerts/q4/noise", "{\"reason\": \"load test, nobody needed\"}");
    assertThat(marked.status()).as(marked.text()).isEqualTo(201);
    assertThat(marked.body().get("markedBy").asString()).isEqualTo("rita-responder");
    assertThat(marked.body().get("alertname").asString()).isEqualTo("QueueDepthHigh");
    assertThat(Callers.as(api(), tokens, "vera-viewer", "viewer").post("/api/v1/alerts/q4/noise", "{}").status())
        .isEqualTo(403);
    assertThat(responder.post("/api/v1/alerts/never-seen/noise", "{}").status()).isEqualTo(404);
    Response bad = responder.post("/api/v1/alerts/bad%20print/noise", "{}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().get("errors").findValuesAsString("field")).containsExactly("fingerprint");
    Response tooLong = responder.post("/api/v1/remediations/remediation-queue-scale-q3/noise",
        "{\"reason\": \"" + "x".repeat(2001) + "\"}");
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.body().get("errors").findValuesAsString("field")).containsExactly("reason");
    await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("select count(*) from audit_log where principal = "
        + "'rita-responder' and action = ? and outcome = 'ACCEPTED'").param("POST /api/v1/alerts/{fingerprint}/noise")
        .query(Integer.class).single() == 1);

    JsonNode after = api().get("/api/v1/alerts/quality?window=24h&service=quality-svc").body();
    JsonNode noisy = after.get("alerts").get(0);
    assertThat(noisy.get("resolvedAsNoise").asInt()).isEqualTo(1);
    assertThat(noisy.get("falsePositives").asInt()).isEqualTo(5);
    assertThat(noisy.get("falsePositiveRate").asDouble()).isEqualTo(0.833);
    JsonNode summary = after.get("summary");
    assertThat(summary.get("fired").asInt()).isEqualTo(6);
    assertThat(summary.get("falsePositiveRate").asDouble()).isEqualTo(0.833);
    assertThat(summary.get("falsePositiveGoal").asDouble()).isEqualTo(0.05);
    assertThat(summary.get("falsePositivesWithinGoal").asBoolean()).isFalse();
    assertThat(summary.get("autoResolveRate").asDouble()).as("1 fixed by a runbook, 1 paged").isEqualTo(0.5);
    assertThat(summary.get("autoResolveGoal").asDouble()).isEqualTo(0.8);
    assertThat(summary.get("autoResolveWithinGoal").asBoolean()).isFalse();
  }
}
