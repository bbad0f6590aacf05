package dev.pitcrew.api.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pitcrew.api.support.HttpApi;
import dev.pitcrew.api.support.LocalModeTestProperties;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * With JSON logs and tracing switched on (both off by default, so this is its own context): a line an activity
 * writes names the run, the activity and who started it, and one trace runs from the REST call through the workflow
 * to the activity. Spans go to an in-memory exporter, the same path an OTLP exporter takes.
 */
// A context of its own, closed after the class: its embedded PostgreSQL lives in a @TempDir that JUnit deletes
// then, and a cached context would run on without its files for the rest of the JVM (SharedServerTest).
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "logging.config=classpath:logback-json-test.xml",
    "logging.structured.format.console=ecs",
    "logging.level.dev.pitcrew.activities.postgres=INFO",
    "management.tracing.export.enabled=true"})
@Import(TelemetryTest.SpanCapture.class)
@ExtendWith(OutputCaptureExtension.class)
class TelemetryTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void localMode(DynamicPropertyRegistry registry) {
    LocalModeTestProperties.register(registry, dataDir);
  }

  @TestConfiguration
  static class SpanCapture {
    @Bean
    InMemorySpanExporter inMemorySpanExporter() {
      return InMemorySpanExporter.create();
    }
  }

  @LocalServerPort int port;
  @Autowired InMemorySpanExporter spans;

  @Test
  void anActivityLogsItsRunAndPrincipalAsJsonAndOneTraceSpansTheRequestAndTheActivity(CapturedOutput output) {
    HttpApi api = new HttpApi(port);
    String id = api.post("/api/v1/runs", "{\"type\":\"self-check\",\"input\":{\"label\":\"telemetry\"}}")
        .body().get("workflowId").asString();

    JsonNode line = await().atMost(Duration.ofSeconds(30)).until(() -> probeLine(output, id), Optional::isPresent)
        .orElseThrow();
    assertThat(field(line, "WorkflowId")).isEqualTo(id);
    assertThat(field(line, "RunId")).isNotBlank();
    assertThat(field(line, "WorkflowType")).isEqualTo("SelfCheckWorkflow");
    assertThat(field(line, "ActivityType")).isEqualTo("ProbeWorkerDependencies");
    assertThat(field(line, "principal")).isEqualTo("admin");
    assertThat(field(line, "traceId")).isEqualTo(traceOf(line));

    SpanData activity = await().atMost(Duration.ofSeconds(30)).until(
        () -> named("RunActivity:ProbeWorkerDependencies"), Optional::isPresent).orElseThrow();
    SpanData request = spans.getFinishedSpanItems().stream()
        .filter(s -> s.getKind() == SpanKind.SERVER && s.getName().contains("/api/v1/runs"))
        .filter(s -> s.getTraceId().equals(activity.getTraceId()))
        .findFirst().orElseThrow(() -> new AssertionError("no REST span in the activity's trace: " + names()));
    assertThat(named("StartWorkflow:SelfCheckWorkflow")).get().extracting(SpanData::getTraceId)
        .isEqualTo(request.getTraceId());
    assertThat(named("RunWorkflow:SelfCheckWorkflow")).get().extracting(SpanData::getTraceId)
        .isEqualTo(request.getTraceId());
  }

  private static Optional<JsonNode> probeLine(CapturedOutput output, String workflowId) {
    return output.getOut().lines()
        .filter(l -> l.startsWith("{") && l.contains("Self-check probe") && l.contains(workflowId))
        .map(JSON::readTree).findFirst();
  }

  /** The line's own trace: the one the REST call started, as the spans below must show. */
  private String traceOf(JsonNode line) {
    SpanData request = await().atMost(Duration.ofSeconds(30)).until(() -> spans.getFinishedSpanItems().stream()
        .filter(s -> s.getKind() == SpanKind.SERVER && s.getName().contains("/api/v1/runs")).findFirst(),
        Optional::isPresent).orElseThrow();
    return request.getTraceId();
  }

  /** A top-level field of the JSON line. */
  private static String field(JsonNode line, String name) {
    JsonNode value = line.get(name);
    return value == null ? null : value.asString();
  }

  private Optional<SpanData> named(String name) {
    return spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).findFirst();
  }

  private List<String> names() {
    return spans.getFinishedSpanItems().stream().map(s -> s.getKind() + " " + s.getName()).toList();
  }
}
