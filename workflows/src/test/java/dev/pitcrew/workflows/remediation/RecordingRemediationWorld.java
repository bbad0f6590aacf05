package dev.pitcrew.workflows.remediation;

import dev.pitcrew.workflows.chatops.RunCard;
import dev.pitcrew.workflows.chatops.SlackMessageRef;
import dev.pitcrew.workflows.chatops.SlackMessages;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test double for the guardrails, the world, the incident family and the records: keeps every call for assertions.
 * The world can be told to fail the first attempt of an action after carrying it out (a worker that dies after
 * acting, before reporting), as a real crash would leave it.
 */
class RecordingRemediationWorld implements GuardrailActivities, RemediationActivities, EscalationActivities,
    RemediationRecordActivities, SlackMessages {
  final List<RunCard> slackPosts = new CopyOnWriteArrayList<>();
  final List<RunCard> slackUpdates = new CopyOnWriteArrayList<>();
  final List<GuardrailClaim> claims = new CopyOnWriteArrayList<>();
  final List<String> releases = new CopyOnWriteArrayList<>();
  final List<ActionRequest> actionAttempts = new CopyOnWriteArrayList<>();
  final List<String> actionsCarriedOut = new CopyOnWriteArrayList<>();
  final List<Escalation> escalations = new CopyOnWriteArrayList<>();
  final List<String> resolvedIncidents = new CopyOnWriteArrayList<>();
  final List<OutcomeRecord> outcomes = new CopyOnWriteArrayList<>();
  volatile GuardrailDecision decision = GuardrailDecision.grant();
  volatile boolean crashAfterFirstAct;
  private final AtomicInteger acts = new AtomicInteger();

  @Override
  public GuardrailDecision claim(GuardrailClaim claim) {
    claims.add(claim);
    return decision;
  }

  @Override
  public void release(String remediationId, String outcome) {
    releases.add(outcome);
  }

  @Override
  public List<String> enrich(RemediationTarget target) {
    return List.of("Pod " + target.pod() + ": Running, game-server restarts=3 last terminated: OOMKilled");
  }

  @Override
  public List<String> enrichAlert(AlertFacts alert, RemediationTarget target) {
    return List.of("Value that fired: " + alert.annotations().getOrDefault("value", "unknown"));
  }

  @Override
  public ActionReport act(ActionRequest request) {
    actionAttempts.add(request);
    // Idempotent as the real actions are: an action key already carried out is recognised, not repeated.
    boolean repeated = actionsCarriedOut.contains(request.actionKey());
    if (!repeated) {
      actionsCarriedOut.add(request.actionKey());
    }
    if (crashAfterFirstAct && acts.getAndIncrement() == 0) {
      throw ApplicationFailure.newFailure("worker lost after acting", "WorkerCrashed");
    }
    return new ActionReport(request.step().action() + " on " + request.target().key(), repeated);
  }

  @Override
  public boolean conditionHolds(Verification verification) {
    return false;
  }

  @Override
  public String escalate(Escalation escalation) {
    escalations.add(escalation);
    return escalation.incidentId() != null ? escalation.incidentId() : "incident-" + escalation.dedupKey();
  }

  @Override
  public void resolveIncident(String incidentId, String summary) {
    resolvedIncidents.add(incidentId);
  }

  @Override
  public void recordOutcome(OutcomeRecord record) {
    outcomes.add(record);
  }

  @Override
  public SlackMessageRef post(String channel, RunCard card) {
    slackPosts.add(card);
    return new SlackMessageRef(channel, "1700000000.000100");
  }

  @Override
  public void update(SlackMessageRef message, RunCard card) {
    slackUpdates.add(card);
  }

  @Override
  public void reply(SlackMessageRef message, String text) {}
}
