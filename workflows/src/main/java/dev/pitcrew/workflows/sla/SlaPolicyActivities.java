package dev.pitcrew.workflows.sla;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

@ActivityInterface
public interface SlaPolicyActivities {

  /** The current policy of a queue, resolved for one priority, with its calendar and holidays. */
  @ActivityMethod(name = "LoadSlaTerms")
  SlaTerms termsFor(String queue, String priority);
}
