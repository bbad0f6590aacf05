package dev.pitcrew.api.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pitcrew.api.support.HttpApi.Response;
import dev.pitcrew.api.support.SharedServerTest;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.sdk.v1.UserMetadata;
import io.temporal.api.sdk.v1.WorkflowMetadata;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.common.converter.DataConverter;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What on-call sees of a run in the Temporal UI, read back from the engine the local server runs: the static
 * summary and details of the start, the current details the workflow keeps (phase and what it waits for), and the
 * summaries on its timers and activities.
 */
class TemporalUiReadabilityTest extends SharedServerTest {
  @Autowired WorkflowClient client;

  @Test
  void aStartedRunCarriesItsStaticSummaryAndDetails() {
    Response started = api.post("/api/v1/runs", "{\"type\":\"self-check\",\"input\":{\"label\":\"ui-readability\"}}");
    assertThat(started.status()).as(started.text()).isEqualTo(201);
    String id = started.body().get("workflowId").asString();

    // The start's user metadata, as the history keeps it (what the UI reads). The dev server also answers it in
    // DescribeWorkflowExecution; Temporal's Java test server (the local engine without the CLI) does not, and it
    // drops the metadata of a signal-with-start (incidents, tickets) altogether, so those are checked on the dev
    // server only (docs/development.md).
    DataConverter converter = client.getOptions().getDataConverter();
    UserMetadata start = client.fetchHistory(id).getEvents().getFirst().getUserMetadata();
    String summary = converter.fromPayload(start.getSummary(), String.class, String.class);
    String details = converter.fromPayload(start.getDetails(), String.class, String.class);
    assertThat(summary).isEqualTo("self-check");
    assertThat(details).isEqualTo("**Type:** self-check\n**Asked in:** the API");
    WorkflowExecutionDescription described = client.newUntypedWorkflowStub(id).describe();
    if (described.getStaticSummary() != null) {
      assertThat(described.getStaticSummary()).isEqualTo(summary);
      assertThat(described.getStaticDetails()).isEqualTo(details);
    }
  }

  @Test
  void aDeclaredIncidentReadsInTheTemporalUi() {
    Response opened = api.post("/api/v1/incidents", """
        {"title": "Lobby chat lagging", "service": "ui-readability", "severity": "SEV3"}""");
    assertThat(opened.status()).as(opened.text()).isEqualTo(201);
    String id = opened.body().get("incidentId").asString();

    // The current details: the phase, and what the incident waits for next.
    String current = await().atMost(Duration.ofSeconds(30)).until(() -> client.newUntypedWorkflowStub(id)
            .query("__temporal_workflow_metadata", WorkflowMetadata.class).getCurrentDetails(),
        d -> d.contains("next:"));
    assertThat(current).startsWith("**Phase:** Open\n\n**Waiting for:** [SEV3] an acknowledgement from level 1; next: ");

    // Timers and activities say what they are for.
    List<String> timers = summaries(id, HistoryEvent::hasTimerStartedEventAttributes);
    assertThat(timers).isNotEmpty().allSatisfy(timer -> assertThat(timer)
        .matches("(page level \\d+ at \\d\\d:\\d\\d UTC unless acknowledged|escalation ladder exhausted at "
            + "\\d\\d:\\d\\d UTC)"));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(summaries(id, HistoryEvent::hasActivityTaskScheduledEventAttributes))
            .contains("page default (level 1)"));
    // Runs-index writes are local activities: their summaries are on the markers they record.
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(summaries(id, HistoryEvent::hasMarkerRecordedEventAttributes))
            .contains("runs index: Open (RUNNING)"));
  }

  private List<String> summaries(String workflowId, Predicate<HistoryEvent> kind) {
    DataConverter converter = client.getOptions().getDataConverter();
    return await().atMost(Duration.ofSeconds(30)).until(() -> client.fetchHistory(workflowId).getEvents().stream()
        .filter(kind)
        .filter(HistoryEvent::hasUserMetadata)
        .map(e -> e.getUserMetadata().getSummary())
        .filter(Objects::nonNull)
        .map(summary -> converter.fromPayload(summary, String.class, String.class))
        .toList(), list -> !list.isEmpty());
  }
}
