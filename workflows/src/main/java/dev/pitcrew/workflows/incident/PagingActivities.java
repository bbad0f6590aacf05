package dev.pitcrew.workflows.incident;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Pages people through PagerDuty's Events API v2. Every event for one incident carries the incident's workflow ID
 * as its dedup key, so a retried trigger never pages twice and resolve closes what trigger opened.
 */
@ActivityInterface
public interface PagingActivities {

  @ActivityMethod(name = "PagerDutyTrigger")
  void trigger(Page page);

  @ActivityMethod(name = "PagerDutyAcknowledge")
  void acknowledge(PageUpdate update);

  @ActivityMethod(name = "PagerDutyResolve")
  void resolve(PageUpdate update);
}
