package dev.pitcrew.api.runs;

import io.temporal.client.WorkflowUpdateHandle;
import io.temporal.common.interceptors.WorkflowClientCallsInterceptor;
import io.temporal.common.interceptors.WorkflowClientCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowClientInterceptorBase;
import org.springframework.stereotype.Component;

/**
 * Every change this replica sends to a run through Temporal's client (a start, a signal, a signal-with-start, an
 * Update, a cancel, a terminate) makes {@link RecentReads} forget that run, before and after the call: whoever sent it reads
 * its own change at once, whichever endpoint, Slack handler or console page sent it.
 */
@Component
class ForgetReadsOnChange extends WorkflowClientInterceptorBase {
  private final RecentReads reads;

  ForgetReadsOnChange(RecentReads reads) {
    this.reads = reads;
  }

  @Override
  public WorkflowClientCallsInterceptor workflowClientCallsInterceptor(WorkflowClientCallsInterceptor next) {
    return new WorkflowClientCallsInterceptorBase(next) {
      @Override
      public WorkflowStartOutput start(WorkflowStartInput input) {
        // A fixed workflow ID (a deployment's) starts its next run: the last run's reads no longer describe it.
        return around(input.getWorkflowId(), () -> super.start(input));
      }

      @Override
      public <R> WorkflowUpdateWithStartOutput<R> updateWithStart(WorkflowUpdateWithStartInput<R> input) {
        return around(input.getWorkflowStartInput().getWorkflowId(), () -> super.updateWithStart(input));
      }

      @Override
      public WorkflowSignalOutput signal(WorkflowSignalInput input) {
        return around(input.getWorkflowExecution().getWorkflowId(), () -> super.signal(input));
      }

      @Override
      public WorkflowSignalWithStartOutput signalWithStart(WorkflowSignalWithStartInput input) {
        return around(input.getWorkflowStartInput().getWorkflowId(), () -> super.signalWithStart(input));
      }

      @Override
      public <R> WorkflowUpdateHandle<R> startUpdate(StartUpdateInput<R> input) {
        return around(input.getWorkflowExecution().getWorkflowId(), () -> super.startUpdate(input));
      }

      @Override
      public CancelOutput cancel(CancelInput input) {
        return around(input.getWorkflowExecution().getWorkflowId(), () -> super.cancel(input));
      }

      @Override
      public TerminateOutput terminate(TerminateInput input) {
        return around(input.getWorkflowExecution().getWorkflowId(), () -> super.terminate(input));
      }
    };
  }

  private <T> T around(String workflowId, java.util.function.Supplier<T> change) {
    reads.forget(workflowId);
    try {
      return change.get();
    } finally {
      reads.forget(workflowId);
    }
  }
}
