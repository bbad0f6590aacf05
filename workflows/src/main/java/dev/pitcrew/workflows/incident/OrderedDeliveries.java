package dev.pitcrew.workflows.incident;

import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;

/**
 * Everything the incident tells one external system, delivered in the order it was asked for but without ever
 * holding up the incident itself or another system: each step runs on its own workflow thread once the step
 * before it is done, its activity retried by its own options. A step whose retries run out is reported to
 * {@code onGiveUp} (the timeline) and the next step goes ahead.
 */
final class OrderedDeliveries {
  interface GiveUpHandler {
    void gaveUp(String system, String what, ActivityFailure failure);
  }

  private final String system;
  private final GiveUpHandler onGiveUp;
  private Promise<Void> last;

  OrderedDeliveries(String system, GiveUpHandler onGiveUp) {
    this.system = system;
    this.onGiveUp = onGiveUp;
  }

  void deliver(String what, Functions.Proc step) {
    Promise<Void> previous = last;
    last = Async.procedure(() -> {
      if (previous != null) {
        Workflow.await(previous::isCompleted);
      }
      try {
        step.apply();
      } catch (ActivityFailure failure) {
        onGiveUp.gaveUp(system, what, failure);
      }
    });
  }

  boolean idle() {
    return last == null || last.isCompleted();
  }
}
