package dev.pitcrew.activities.sla;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pitcrew.workflows.sla.BreachActions;
import dev.pitcrew.workflows.sla.CalendarSpec;
import dev.pitcrew.workflows.sla.SlaPolicyActivities;
import dev.pitcrew.workflows.sla.SlaTerms;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Resolves a queue's current policy for one priority into the terms a ticket's cycle runs on.
 *
 * <p>Terms once read serve the next tickets of the same queue and priority from memory for
 * {@code pitcrew.sla.terms-cache-ttl}: a burst of tickets costs one read of queue, policy and calendar (five
 * statements) per queue and priority, not five per ticket, each waiting for a pooled connection before the ticket's
 * clocks start. A save through this process (the API) applies at once; one through another process within the
 * period. A configuration that cannot be resolved is never remembered.
 */
@Component
public class SlaPolicyActivitiesImpl implements SlaPolicyActivities {
  private final SlaConfigStore config;
  private final Cache<TermsOf, SlaTerms> recent;

  /** Terms of one queue and priority as of the store's {@code changes}-th save. */
  private record TermsOf(String queue, String priority, long changes) {}

  @Autowired
  public SlaPolicyActivitiesImpl(SlaConfigStore config, SlaProperties properties) {
    this(config, properties.termsCacheTtl());
  }

  SlaPolicyActivitiesImpl(SlaConfigStore config, Duration cacheTtl) {
    this.config = config;
    this.recent = Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(10_000).build();
  }

  @Override
  public SlaTerms termsFor(String queueName, String priority) {
    return recent.get(new TermsOf(queueName, priority, config.changes()), key -> read(queueName, priority));
  }

  private SlaTerms read(String queueName, String priority) {
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
