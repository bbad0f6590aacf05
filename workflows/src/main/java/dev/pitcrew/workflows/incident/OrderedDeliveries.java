package dev.pitcrew.workflows.incident;

import dev.pitcrew.workflows.run.SideEffects;
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
  private final SideEffects effects;
  private Promise<Void> last;

  /**
   * @param effects the run's side-effect policy: in the background, deliveries go to its lane for {@code system}
   *     (and its give-up handler); in place (runs from before that policy), this queue's own chain, as recorded
   */
  OrderedDeliveries(String system, GiveUpHandler onGiveUp, SideEffects effects) {
    this.system = system;
    this.onGiveUp = onGiveUp;
    this.effects = effects;
  }

  void deliver(String what, Functions.Proc step) {
    if (effects.inBackground()) {
      effects.deliver(system, what, step);
      return;
    }
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
    if (effects.inBackground()) {
      return effects.idle();
    }
    return last == null || last.isCompleted();
  }
}
