package dev.pitcrew.api.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pitcrew.api.support.HttpApi;
import dev.pitcrew.api.support.HttpApi.Response;
import dev.pitcrew.api.support.SharedServerTest;
import io.temporal.worker.MetricsType;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every metric a Grafana dashboard under infra/grafana or an alert rule under infra/prometheus names is one this
 * server really exports: the test starts a self-check, a deployment and an incident (acknowledged, escalated,
 * resolved), scrapes /actuator/prometheus like Prometheus does, and fails naming any metric nobody exports.
 */
class MonitoringCatalogueTest extends SharedServerTest {
  static final Path INFRA = Path.of("..", "infra");
  /**
   * Dashboards and rules on metrics that appear only after a drill or a remediation has run once (per-drill gauges,
   * per-runbook counters). Running a drill and a remediation here would double this test's time, so their names are
   * checked against the meters the code registers instead ({@link #everyMetricOnlyARunExportsIsRegisteredInCode}).
   */
  static final Set<String> EXPORTED_AFTER_A_RUN = Set.of("drills.json", "remediation.json", "drills-rules.yml");
  static final Path MAIN_SOURCES = Path.of("..");
  private static final Pattern METER_NAME = Pattern.compile("\"(pitcrew(?:\\.[a-z0-9]+)+)\"");
  /**
   * The Temporal SDK registers its failure, cache-miss and eviction counters on their first occurrence, which a
   * healthy test run never has. Such a name passes only when it is one of the SDK's own (io.temporal.worker
   * .MetricsType) with Prometheus' counter suffix, so a misspelt one still fails.
   */
  static final Set<String> SDK_COUNTERS_ON_FIRST_OCCURRENCE = sdkCountersOnFirstOccurrence();
  /** Metric families the app exports, as they appear in PromQL (functions and labels are not metric names). */
  private static final Pattern METRIC = Pattern.compile("\\b((?:pitcrew|temporal|http_server|jvm|hikaricp)_[a-z0-9_]+)");
  private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");

  @Test
  void everyMetricTheDashboardsAndAlertsNameIsExported() {
    Set<String> named = new TreeSet<>();
    files(INFRA.resolve("grafana"), ".json").filter(f -> !EXPORTED_AFTER_A_RUN.contains(f.getFileName().toString()))
        .forEach(f -> named.addAll(metricsIn(f)));
    files(INFRA.resolve("prometheus"), ".yml").filter(f -> !EXPORTED_AFTER_A_RUN.contains(f.getFileName().toString()))
        .forEach(f -> named.addAll(metricsIn(f)));
    // Their JVM and engine metrics exist from start-up like everyone else's.
    Stream.concat(files(INFRA.resolve("grafana"), ".json"), files(INFRA.resolve("prometheus"), ".yml"))
        .filter(f -> EXPORTED_AFTER_A_RUN.contains(f.getFileName().toString()))
        .forEach(f -> metricsIn(f).stream().filter(m -> !m.startsWith("pitcrew_")).forEach(named::add));
    assertThat(named).as("metrics named in infra/").contains(
        "pitcrew_deployment_outcomes_total", "pitcrew_incidents_mtta_seconds_bucket", "pitcrew_outbox_items");

    exerciseEveryFamily();
    HttpApi prometheus = api.as(PROMETHEUS_TOKEN);
    Set<String> missing = await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofSeconds(2))
        .until(() -> missingFrom(prometheus.get("/actuator/prometheus").text(), named), Set::isEmpty);
    assertThat(missing).isEmpty();
  }

  @Test
  void everyMetricOnlyARunExportsIsRegisteredInCode() {
    Set<String> named = new TreeSet<>();
    Stream.concat(files(INFRA.resolve("grafana"), ".json"), files(INFRA.resolve("prometheus"), ".yml"))
        .filter(f -> EXPORTED_AFTER_A_RUN.contains(f.getFileName().toString()))
        .forEach(f -> metricsIn(f).stream().filter(m -> m.startsWith("pitcrew_")).forEach(named::add));
    assertThat(named).as("metrics named by the drill and remediation dashboards")
        .contains("pitcrew_drill_rto_seconds", "pitcrew_remediations_total");

    Set<String> registered = registeredMeterNames();
    Set<String> unknown = new TreeSet<>();
    for (String metric : named) {
      if (!registered.contains(metric) && !registered.contains(metric.replaceFirst("_total$", ""))) {
        unknown.add(metric);
      }
    }
    assertThat(unknown).as("metrics named in infra/ that no Micrometer meter in the code would export").isEmpty();
  }

  /** Micrometer names ("pitcrew.drill.rto.seconds") in main sources, as Prometheus writes them. */
  private static Set<String> registeredMeterNames() {
    Set<String> names = new TreeSet<>();
    for (String module : new String[] {"activities", "api", "workers"}) {
      try (Stream<Path> sources = Files.walk(MAIN_SOURCES.resolve(module).resolve("src/main/java"))) {
        sources.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
          try {
            Matcher meter = METER_NAME.matcher(Files.readString(f));
            while (meter.find()) {
              names.add(meter.group(1).replace('.', '_'));
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return names;
  }

  private static Set<String> missingFrom(String scrape, Set<String> named) {
    Set<String> exported = new TreeSet<>();
    Matcher sample = SAMPLE.matcher(scrape);
    while (sample.find()) {
      exported.add(sample.group(1));
    }
    Set<String> missing = new TreeSet<>(named);
    missing.removeAll(exported);
    missing.removeAll(SDK_COUNTERS_ON_FIRST_OCCURRENCE);
    return missing;
  }

  private void exerciseEveryFamily() {
    String selfCheck = api.post("/api/v1/runs", "{\"type\":\"self-check\",\"input\":{\"label\":\"metrics\"}}")
        .body().get("workflowId").asString();

    assertThat(api.put("/api/v1/services/metrics-svc", """
        {"imageRepository":"registry.example/metrics-svc","environments":["staging"],"replicas":1,
         "strategy":{"autoPromotionEnabled":true,"scaleDownDelaySeconds":1}}""").status()).isIn(200, 201);
    Response deployment = api.post("/api/v1/deployments",
        "{\"service\":\"metrics-svc\",\"environment\":\"staging\",\"image\":\"v1\"}");
    assertThat(deployment.status()).as(deployment.text()).isEqualTo(201);

    assertThat(api.put("/api/v1/escalation-policies/metrics-svc", """
        {"levels": [{"ackTimeoutMinutes": 5, "targets": [{"pagerDutyService": "metrics-primary"}]},
                    {"ackTimeoutMinutes": 5, "targets": [{"pagerDutyService": "metrics-leads"}]}],
         "repeats": 0}""").status()).isIn(200, 201);
    Response incident = api.post("/api/v1/incidents",
        "{\"title\":\"Metrics check\",\"service\":\"metrics-svc\",\"severity\":\"sev3\"}");
    assertThat(incident.status()).as(incident.text()).isEqualTo(201);
    String incidentId = incident.body().get("incidentId").asString();
    await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/v1/incidents/" + incidentId).status() == 200);
    assertThat(api.post("/api/v1/incidents/" + incidentId + "/acknowledge", "{}").status()).isEqualTo(200);
    assertThat(api.post("/api/v1/incidents/" + incidentId + "/escalate", "{\"reason\":\"metrics\"}").status())
        .isEqualTo(200);
    assertThat(api.post("/api/v1/incidents/" + incidentId + "/resolve", "{\"summary\":\"metrics checked\"}").status())
        .isEqualTo(200);

    await().atMost(Duration.ofSeconds(30)).until(
        () -> api.get("/api/v1/runs/" + selfCheck).body().path("status").asString(), "COMPLETED"::equals);
    await().atMost(Duration.ofSeconds(30)).until(
        () -> api.get("/api/v1/deployments/" + deployment.body().get("workflowId").asString()).body()
            .path("status").asString(), "COMPLETED"::equals);
  }

  private static Set<String> sdkCountersOnFirstOccurrence() {
    Set<String> names = new TreeSet<>();
    for (Field field : MetricsType.class.getFields()) {
      boolean occurrence = field.getName().contains("FAIL") || field.getName().contains("MISS")
          || field.getName().contains("EVICTION");
      if (occurrence && Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        try {
          names.add(field.get(null) + "_total");
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    assertThat(names).contains("temporal_activity_execution_failed_total");
    return names;
  }

  static Stream<Path> files(Path dir, String suffix) {
    try {
      return Files.list(dir).filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<String> metricsIn(Path file) {
    try {
      Set<String> names = new TreeSet<>();
      Matcher metric = METRIC.matcher(Files.readString(file));
      while (metric.find()) {
        names.add(metric.group(1));
      }
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
