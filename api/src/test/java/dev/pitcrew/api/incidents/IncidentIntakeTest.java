package dev.pitcrew.api.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pitcrew.api.runs.TemporalCalls;
import dev.pitcrew.api.support.SharedServerTest;
import dev.pitcrew.workflows.incident.Alert;
import dev.pitcrew.workflows.incident.AlertStatus;
import dev.pitcrew.workflows.incident.IncidentIds;
import dev.pitcrew.workflows.incident.IncidentInput;
import dev.pitcrew.workflows.incident.IncidentWorkflow;
import dev.pitcrew.workflows.incident.Resolve;
import dev.pitcrew.workflows.incident.Severity;
import dev.pitcrew.workflows.incident.TimelineEntry;
import dev.pitcrew.workflows.incident.TimelineEvent;
import io.temporal.client.WorkflowClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Which incident an alert lands on, against the real engine and database: the live incident of its key, even just
 * after resolution (a flapping alert); the key's next incident once the dedup window has passed; and a resolved
 * alert never opens one.
 */
class IncidentIntakeTest extends SharedServerTest {
  @Autowired IncidentIntake intake;
  @Autowired IncidentCommands commands;
  @Autowired IncidentTable incidents;
  @Autowired JdbcClient jdbc;
  @Autowired IncidentIntakeProperties properties;
  @Autowired WorkflowClient client;
  @Autowired TemporalCalls temporal;
  @Autowired FirstPageAtDoor door;

  private static IncidentInput opening(String key) {
    return IncidentInput.open(key, "game-api", Severity.SEV3, "Matchmaking slow", null, "alertmanager",
        "alertmanager", null);
  }

  private static Alert firing(String alertKey) {
    return new Alert("alertmanager", "alertmanager", alertKey, AlertStatus.FIRING, "p99 above 2s");
  }

  private static Alert resolved(String alertKey) {
    return new Alert("alertmanager", "alertmanager", alertKey, AlertStatus.RESOLVED, "p99 back under 2s");
  }

  private List<TimelineEntry> timeline(String incidentId) {
    return client.newWorkflowStub(IncidentWorkflow.class, incidentId).timeline();
  }

  @Test
  void alertsJoinTheLiveIncidentOfTheirKeyUntilItHasBeenResolvedForLongerThanTheWindow() {
    String key = "alertmanager:{}:{alertname=\"MatchmakingSlow\"}";
    IntakeResult first = intake.raise(opening(key), firing("fp-1"));
    assertThat(first).isEqualTo(new IntakeResult(IncidentIds.workflowIdFor(key), IntakeOutcome.OPENED));
    await().atMost(Duration.ofSeconds(30)).until(() -> incidents.latestOf(key).isPresent());

    IntakeResult second = intake.raise(opening(key), firing("fp-2"));
    assertThat(second).isEqualTo(new IntakeResult(first.incidentId(), IntakeOutcome.JOINED));

    commands.resolve(first.incidentId(), new Resolve("alice", "api", "Scaled the matchmaker", List.of()));
    await().atMost(Duration.ofSeconds(30))
        .until(() -> incidents.latestOf(key).map(r -> r.resolvedAt() != null).orElse(false));

    IntakeResult flapping = intake.raise(opening(key), firing("fp-3"));
    assertThat(flapping).as("within the dedup window after resolution")
        .isEqualTo(new IntakeResult(first.incidentId(), IntakeOutcome.JOINED));

    Clock afterTheWindow = Clock.offset(Clock.systemUTC(), properties.dedupWindow().plusMinutes(1));
    IncidentIntake later = new IncidentIntake(client, temporal, incidents, properties, door, afterTheWindow);
    IntakeResult recurrence = later.raise(opening(key), firing("fp-1"));
    assertThat(recurrence.outcome()).isEqualTo(IntakeOutcome.OPENED);
    assertThat(recurrence.incidentId())
        .isEqualTo(IncidentIntake.numbered(key, 2))
        .isNotEqualTo(first.incidentId());
    await().atMost(Duration.ofSeconds(30))
        .until(() -> incidents.latestOf(key).map(r -> r.incidentsOfKey() == 2).orElse(false));
    assertThat(later.raise(opening(key), firing("fp-1")))
        .isEqualTo(new IntakeResult(recurrence.incidentId(), IntakeOutcome.JOINED));

    IntakeResult cleared = later.clear(key, resolved("fp-1"));
    assertThat(cleared).isEqualTo(new IntakeResult(recurrence.incidentId(), IntakeOutcome.JOINED));
    await().atMost(Duration.ofSeconds(30)).until(() -> timeline(recurrence.incidentId()).stream()
        .anyMatch(e -> e.event() == TimelineEvent.ALERT_RESOLVED));
    assertThat(timeline(first.incidentId())).filteredOn(e -> e.event() == TimelineEvent.ALERT)
        .as("the first incident kept the alerts that joined it, and only those")
        .extracting(TimelineEntry::text).hasSize(2).allMatch(t -> t.startsWith("fp-2") || t.startsWith("fp-3"));
  }

  @Test
  void anIncidentThatHasEndedIsNeverStartedAgainUnderItsId() {
    String key = "alertmanager:{}:{alertname=\"ShardLagMinor\"}";
    IncidentInput minor = IncidentInput.open(key, "game-api", Severity.SEV4, "Shard lag", null, "alertmanager",
        "alertmanager", null);
    IntakeResult first = intake.raise(minor, firing("fp-1"));
    await().atMost(Duration.ofSeconds(30)).until(() -> incidents.latestOf(key).isPresent());
    commands.resolve(first.incidentId(), new Resolve("alice", "api", "Lag gone", List.of()));
    // A SEV4 has no channel to archive: its workflow ends once the postmortem is filed.
    await().atMost(Duration.ofSeconds(30)).until(() -> !isLive(first.incidentId()));

    IntakeResult again = intake.raise(minor, firing("fp-1"));
    assertThat(again).as("within the dedup window, but the incident has ended")
        .isEqualTo(new IntakeResult(IncidentIntake.numbered(key, 2), IntakeOutcome.OPENED));

    // Records that missed an ended incident: its number is taken, so the alert opens the one after it.
    await().atMost(Duration.ofSeconds(30))
        .until(() -> incidents.latestOf(key).map(l -> l.incidentsOfKey() == 2).orElse(false));
    commands.resolve(again.incidentId(), new Resolve("alice", "api", "Lag gone again", List.of()));
    await().atMost(Duration.ofSeconds(30)).until(() -> !isLive(again.incidentId()));
    jdbc.sql("delete from incidents where incident_id = :id").param("id", again.incidentId()).update();
    IntakeResult third = intake.raise(minor, firing("fp-1"));
    assertThat(third).isEqualTo(new IntakeResult(IncidentIntake.numbered(key, 3), IntakeOutcome.OPENED));
  }

  private boolean isLive(String incidentId) {
    try {
      commands.requireLive(incidentId);
      return true;
    } catch (dev.pitcrew.api.problem.ApiException ended) {
      assertThat(ended.status().value()).isEqualTo(409);
      return false;
    }
  }

  @Test
  void aResolvedAlertNeverOpensAnIncident() {
    IntakeResult result = intake.clear("alertmanager:never-fired", resolved("fp-9"));
    assertThat(result).isEqualTo(new IntakeResult(null, IntakeOutcome.NO_OPEN_INCIDENT));
    assertThat(incidents.latestOf("alertmanager:never-fired")).isEmpty();
    assertThat(commandsSee(IncidentIds.workflowIdFor("alertmanager:never-fired"))).isFalse();
  }

  private boolean commandsSee(String incidentId) {
    try {
      commands.requireLive(incidentId);
      return true;
    } catch (dev.pitcrew.api.problem.ApiException notFound) {
      assertThat(notFound.status().value()).isEqualTo(404);
      return false;
    }
  }

}
