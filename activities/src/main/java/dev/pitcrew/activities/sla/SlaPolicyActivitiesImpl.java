package dev.pitcrew.activities.sla;

import dev.pitcrew.workflows.sla.BreachActions;
import dev.pitcrew.workflows.sla.CalendarSpec;
import dev.pitcrew.workflows.sla.SlaPolicyActivities;
import dev.pitcrew.workflows.sla.SlaTerms;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import org.springframework.stereotype.Component;

/** Resolves a queue's current policy for one priority into the terms a ticket's cycle runs on. */
@Component
public class SlaPolicyActivitiesImpl implements SlaPolicyActivities {
  private final SlaConfigStore config;

  public SlaPolicyActivitiesImpl(SlaConfigStore config) {
    this.config = config;
  }

  @Override
  public SlaTerms termsFor(String queueName, String priority) {
    SlaQueue queue = config.queue(queueName).orElseThrow(() -> misconfigured("no queue named '" + queueName + "'"));
    SlaPolicyDocument policy =
        config.policy(queue.policy()).orElseThrow(() -> misconfigured("queue '" + queueName + "' uses unknown policy '"
            + queue.policy() + "'"));
    CalendarSpec calendar =
        config.calendar(policy.calendar()).orElseThrow(() -> misconfigured("policy '" + queue.policy()
            + "' uses unknown calendar '" + policy.calendar() + "'"));
    List<SlaPolicyDocument.PriorityGoals> goals = policy.goals();
    int index = indexOf(goals, priority);
    // A priority the policy does not know gets its lowest goals rather than no SLA at all.
    SlaPolicyDocument.PriorityGoals chosen = goals.get(index < 0 ? goals.size() - 1 : index);
    SlaPolicyDocument.BreachPolicy breach = policy.breachActionsOrNone();
    String higher = breach.raisesPriority() && index > 0 ? goals.get(index - 1).priority() : null;
    boolean page = breach.pagePriorities() != null
        && breach.pagePriorities().stream().anyMatch(p -> p.equalsIgnoreCase(chosen.priority()));
    return new SlaTerms(queue.policy(), chosen.priority(), chosen.firstResponse().toMillis(),
        chosen.resolution().toMillis(), calendar, policy.pauseStatusesOrNone(), policy.resolvedStatuses(),
        policy.warningPercentsOrNone(),
        new BreachActions(breach.postsToSlack() ? queue.slackChannel() : null, higher, breach.reassignTo(), page),
        policy.reopenWindowOrDefault().toMillis());
  }

  private static int indexOf(List<SlaPolicyDocument.PriorityGoals> goals, String priority) {
    for (int i = 0; i < goals.size(); i++) {
      if (goals.get(i).priority().equalsIgnoreCase(priority)) {
        return i;
      }
    }
    return -1;
  }

  /** Retried: an operator can fix the configuration through the API and the ticket carries on. */
  private static ApplicationFailure misconfigured(String what) {
    return ApplicationFailure.newFailure("SLA configuration incomplete: " + what, "SlaMisconfigured");
  }
}
