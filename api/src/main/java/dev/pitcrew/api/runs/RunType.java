package dev.pitcrew.api.runs;

import dev.pitcrew.workflows.chatops.ChatOpsContext;
import dev.pitcrew.workflows.run.RunLabels;
import io.temporal.common.SearchAttributeKey;
import java.util.Map;
import java.util.Optional;

/**
 * What the generic run API needs to know to start one kind of workflow. Each family contributes one bean.
 *
 * @param <R> the validated request body ({@code input} of {@code POST /api/v1/runs}), with Bean Validation rules
 */
public interface RunType<R> {

  /** The {@code type} callers name, e.g. {@code self-check}. */
  String name();

  /** The permission starting a run of this type needs ({@code selfcheck}, {@code deploy}). */
  String permission();

  /** The environment a request touches, for environment-scoped permissions; null when it touches none. */
  default String environment(R request) {
    return null;
  }

  /** The Temporal workflow type it starts. */
  String workflowType();

  Class<R> requestType();

  /** The request used when the caller sends no input at all. */
  R defaultRequest();

  /**
   * Completes a validated request from configuration (defaults, catalogues) and checks it against it, before
   * anything is claimed or started; throws {@code ApiException} (400 naming the field, 404) when it cannot run.
   * The idempotency fingerprint is taken from the request as sent, so a changed default does not turn a retry into
   * a conflict. Returns the request unchanged by default.
   */
  default R resolve(R request) {
    return request;
  }

  /**
   * The exact workflow ID to start this request under, when the family allows one run at a time per subject;
   * empty (the default) for a fresh ID built from {@link #idStem}.
   */
  default Optional<FixedWorkflowId> fixedWorkflowId(R request) {
    return Optional.empty();
  }

  /** Search attributes beyond type, status, labels and phase, e.g. the image a deployment rolls out. */
  default Map<SearchAttributeKey<String>, String> searchAttributes(R request) {
    return Map.of();
  }

  /** The workflow's argument. */
  Object toWorkflowInput(R request);

  /**
   * The workflow's argument for a run asked for in Slack. Families whose workflows keep a Slack message up to
   * date put {@code chat} into their input; the default ignores it.
   */
  default Object toWorkflowInput(R request, ChatOpsContext chat) {
    return toWorkflowInput(request);
  }

  /** Readable start of the workflow ID, e.g. {@code deploy-game-api-prod}; a unique suffix is appended. */
  String idStem(R request);

  RunLabels labels(R request);

  /**
   * The body field naming who asks to start it ({@code requestedBy}), which the authenticated caller decides; null
   * when the request names nobody.
   */
  default String actorField() {
    return null;
  }

  /**
   * Where decisions on runs of this type are taken instead of the generic signal endpoint (which knows neither
   * their environment nor their approval rules), e.g. {@code /api/v1/deployments/{id}/{decision}}; null → the
   * generic endpoint serves them.
   */
  default String decisionEndpoint() {
    return null;
  }

  /** Signals a caller may send to a run of this type, with the payload type each expects. */
  Map<String, Class<?>> signals();
}
