package dev.pitcrew.api.runs;

import dev.pitcrew.workflows.chatops.ChatOpsContext;
import dev.pitcrew.workflows.run.RunLabels;
import java.util.Map;

/**
 * What the generic run API needs to know to start one kind of workflow. Each family contributes one bean.
 *
 * @param <R> the validated request body ({@code input} of {@code POST /api/v1/runs}), with Bean Validation rules
 */
public interface RunType<R> {

  /** The {@code type} callers name, e.g. {@code self-check}. */
  String name();

  /** The Temporal workflow type it starts. */
  String workflowType();

  Class<R> requestType();

  /** The request used when the caller sends no input at all. */
  R defaultRequest();

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

  /** Signals a caller may send to a run of this type, with the payload type each expects. */
  Map<String, Class<?>> signals();
}
