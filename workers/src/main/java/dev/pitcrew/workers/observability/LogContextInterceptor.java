package dev.pitcrew.workers.observability;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.util.Map;

/**
 * Puts the run's IDs and the activity type into the log context of every workflow task and activity attempt. The
 * MDC is thread-local state outside the workflow's own: setting it changes no command the workflow sends, so replay
 * stays deterministic; Workflow.getLogger() lines written during replay are suppressed anyway.
 */
public class LogContextInterceptor extends WorkerInterceptorBase {

  @Override
  public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
    return new WorkflowInboundCallsInterceptorBase(next) {
      @Override
      public WorkflowOutput execute(WorkflowInput input) {
        return LogContext.with(workflow(), () -> super.execute(input));
      }

      @Override
      public void handleSignal(SignalInput input) {
        LogContext.with(workflow(), () -> {
          super.handleSignal(input);
          return null;
        });
      }

      @Override
      public void validateUpdate(UpdateInput input) {
        LogContext.with(workflow(), () -> {
          super.validateUpdate(input);
          return null;
        });
      }

      @Override
      public UpdateOutput executeUpdate(UpdateInput input) {
        return LogContext.with(workflow(), () -> super.executeUpdate(input));
      }
    };
  }

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      // Handed over before execute: Activity.getExecutionContext() is not yet usable in an interceptor.
      private ActivityExecutionContext context;

      @Override
      public void init(ActivityExecutionContext context) {
        this.context = context;
        super.init(context);
      }

      @Override
      public ActivityOutput execute(ActivityInput input) {
        ActivityInfo info = context.getInfo();
        return LogContext.with(Map.of(
            LogContext.WORKFLOW_ID, info.getWorkflowId(),
            LogContext.RUN_ID, info.getRunId(),
            LogContext.WORKFLOW_TYPE, info.getWorkflowType(),
            LogContext.ACTIVITY_TYPE, info.getActivityType()), () -> super.execute(input));
      }
    };
  }

  private static Map<String, String> workflow() {
    WorkflowInfo info = Workflow.getInfo();
    return Map.of(
        LogContext.WORKFLOW_ID, info.getWorkflowId(),
        LogContext.RUN_ID, info.getRunId(),
        LogContext.WORKFLOW_TYPE, info.getWorkflowType());
  }
}
