package dev.pitcrew.activities.sla;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pitcrew.workflows.sla.TicketAssignment;
import dev.pitcrew.workflows.sla.TicketIntakeActivities;
import dev.pitcrew.workflows.sla.TicketSlaInput;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Routes tickets to queues by rule and to agents by round-robin among those on duty.
 *
 * <p>The routing rules and a queue with its agents, once read, route the next tickets from memory for
 * {@code pitcrew.sla.routing-cache-ttl}: a burst of tickets reads them once, not three statements per ticket, each
 * waiting for a pooled connection inside the ticket's first workflow task. A save through this process (the API)
 * applies at once; one through another process within the period. What is per ticket stays in PostgreSQL: an
 * earlier choice for the same ticket, the queue's round-robin turn, the ticket's row. A queue that does not exist is
 * never remembered.
 */
@Component
public class TicketIntakeActivitiesImpl implements TicketIntakeActivities {
  private final SlaConfigStore config;
  private final SlaProperties properties;
  private final JdbcClient jdbc;
  /** The routing rules as of the store's {@code changes}-th save. */
  private final Cache<Long, List<RoutingRule>> rules;
  private final Cache<QueueOf, SlaQueue> queues;

  /** A queue and its agents as of the store's {@code changes}-th save. */
  private record QueueOf(String name, long changes) {}

  public TicketIntakeActivitiesImpl(SlaConfigStore config, SlaProperties properties, JdbcClient jdbc) {
    this.config = config;
    this.properties = properties;
    this.jdbc = jdbc;
    Duration ttl = properties.routingCacheTtl();
    this.rules = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(16).build();
    this.queues = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(1_000).build();
  }

  @Override
  public TicketAssignment route(TicketSlaInput ticket) {
    Optional<TicketAssignment> earlier = earlierChoice(ticket.ticketKey());
    if (earlier.isPresent()) {
      return earlier.get();
    }
    String queueName =
        routingRules().stream()
            .filter(rule -> rule.matches(ticket.category(), ticket.components(), ticket.labels()))
            .map(RoutingRule::queue)
            .findFirst()
            .orElse(properties.defaultQueue());
    SlaQueue queue = queue(queueName).orElseThrow(
        () -> new IllegalStateException("Routing chose queue '" + queueName + "', which does not exist"));
    TicketAssignment assignment;
    if (ticket.assignee() != null) {
      assignment = agentNamed(queue, ticket.assignee()).orElse(new TicketAssignment(queueName, ticket.assignee(),
          null, null, false));
      assignment = new TicketAssignment(queueName, assignment.assignee(), assignment.assigneeEmail(),
          assignment.assigneeJiraAccountId(), false);
    } else {
      assignment = nextOnDuty(queue);
    }
    jdbc.sql("""
            insert into sla_tickets (ticket_key, source, title, requester_email, queue, assignee, priority, status,
                                     updated_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, now())
            on conflict (ticket_key) do update set queue = excluded.queue, assignee = excluded.assignee""")
        .params(ticket.ticketKey(), ticket.source(), ticket.title(), ticket.requesterEmail(), queueName,
            assignment.assignee(), ticket.priority(), ticket.status())
        .update();
    return assignment;
  }

  @Override
  public TicketAssignment reassign(String ticketKey, String queueName, String agentName) {
    SlaQueue queue = queue(queueName).orElseThrow();
    TicketAssignment assignment =
        agentNamed(queue, agentName).orElse(new TicketAssignment(queueName, agentName, null, null, true));
    jdbc.sql("update sla_tickets set assignee = ? where ticket_key = ?").params(agentName, ticketKey).update();
    return assignment;
  }

  private TicketAssignment nextOnDuty(SlaQueue queue) {
    List<SlaQueue.Agent> onDuty = queue.agents().stream().filter(SlaQueue.Agent::onDuty).toList();
    if (onDuty.isEmpty()) {
      return new TicketAssignment(queue.name(), null, null, null, false);
    }
    SlaQueue.Agent agent = onDuty.get((int) (config.takeRoundRobinTurn(queue.name()) % onDuty.size()));
    return new TicketAssignment(queue.name(), agent.name(), agent.email(), agent.jiraAccountId(), true);
  }

  private static Optional<TicketAssignment> agentNamed(SlaQueue queue, String name) {
    return queue.agents().stream()
        .filter(a -> a.name().equalsIgnoreCase(name) || name.equals(a.jiraAccountId()))
        .findFirst()
        .map(a -> new TicketAssignment(queue.name(), a.name(), a.email(), a.jiraAccountId(), true));
  }

  /** A retried routing call answers with the first choice, so round-robin never skips an agent. */
  private Optional<TicketAssignment> earlierChoice(String ticketKey) {
    return jdbc.sql("select queue, assignee from sla_tickets where ticket_key = ?").param(ticketKey)
        .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)})
        .optional()
        .flatMap(row -> queue(row[0]).map(queue -> row[1] == null
            ? new TicketAssignment(queue.name(), null, null, null, false)
            : agentNamed(queue, row[1]).orElse(new TicketAssignment(queue.name(), row[1], null, null, true))));
  }

  private List<RoutingRule> routingRules() {
    return rules.get(config.changes(), changes -> List.copyOf(config.routingRules()));
  }

  /** Caffeine remembers no null: a queue that does not exist is looked up again for the next ticket. */
  private Optional<SlaQueue> queue(String name) {
    return Optional.ofNullable(
        queues.get(new QueueOf(name, config.changes()), key -> config.queue(name).orElse(null)));
  }
}
