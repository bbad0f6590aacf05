package dev.pitcrew.api.runs;

import dev.pitcrew.workflows.chatops.ChatOpsContext;
import dev.pitcrew.workflows.run.RunLabels;
import dev.pitcrew.workflows.selfcheck.Confirmation;
import dev.pitcrew.workflows.selfcheck.SelfCheckInput;
import dev.pitcrew.workflows.selfcheck.SelfCheckWorkflow;
import java.util.Map;
import org.springframework.stereotype.Component;

@Component
class SelfCheckRunType implements RunType<SelfCheckRequest> {
  private static final int DEFAULT_CONFIRMATION_TIMEOUT_SECONDS = 3600;

  @Override
  public String permission() {
    return "selfcheck";
  }

  @Override
  public String name() {
    return SelfCheckWorkflow.RUN_TYPE;
  }

  @Override
  public String workflowType() {
    return SelfCheckWorkflow.class.getSimpleName();
  }

  @Override
  public Class<SelfCheckRequest> requestType() {
    return SelfCheckRequest.class;
  }

  @Override
  public SelfCheckRequest defaultRequest() {
    return new SelfCheckRequest(null, null, null, null);
  }

  @Override
  public Object toWorkflowInput(SelfCheckRequest request) {
    return toWorkflowInput(request, null);
  }

  @Override
  public Object toWorkflowInput(SelfCheckRequest request, ChatOpsContext chat) {
    return new SelfCheckInput(
        request.labelOrDefault(),
        request.holdSeconds() == null ? 0 : request.holdSeconds(),
        Boolean.TRUE.equals(request.awaitConfirmation()),
        request.confirmationTimeoutSeconds() == null
            ? DEFAULT_CONFIRMATION_TIMEOUT_SECONDS
            : request.confirmationTimeoutSeconds(),
        chat);
  }

  @Override
  public String idStem(SelfCheckRequest request) {
    return "selfcheck-" + RunIds.slug(request.labelOrDefault());
  }

  @Override
  public RunLabels labels(SelfCheckRequest request) {
    return RunLabels.NONE;
  }

  @Override
  public Map<String, Class<?>> signals() {
    return Map.of(SelfCheckWorkflow.CONFIRM_SIGNAL, Confirmation.class);
  }
}
