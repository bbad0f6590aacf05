package dev.pitcrew.activities.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitcrew.activities.support.TestDatabase;
import dev.pitcrew.workflows.sla.TicketAssignment;
import dev.pitcrew.workflows.sla.TicketSlaInput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Routing on the real schema: rules and queues read once per period for a burst of tickets, a save through this
 * process at once, and what is per ticket (an earlier choice, the ticket's row) still from PostgreSQL.
 */
class TicketIntakeActivitiesImplTest {
  private final SlaConfigStore config = new SlaConfigStore(TestDatabase.jdbc());

  @Test
  void routingIsReadOncePerPeriodAndASaveThroughThisProcessAppliesAtOnce() {
    String name = "routing-cache-" + System.nanoTime();
    String queueA = name + "-a";
    String queueB = name + "-b";
    config.saveQueue(new SlaQueue(queueA, "standard", null,
        List.of(new SlaQueue.Agent("ann", "ann@example.com", null, true))));
    config.saveQueue(new SlaQueue(queueB, "standard", null, List.of()));
    List<RoutingRule> before = config.routingRules();
    try {
      config.replaceRoutingRules(with(before, new RoutingRule(null, null, name, queueA)));
      TicketIntakeActivitiesImpl intake = intake(Duration.ofMinutes(5));
      TicketAssignment first = intake.route(ticket(name + "-1", name));
      assertThat(first.queue()).isEqualTo(queueA);
      assertThat(first.assignee()).isEqualTo("ann");

      // Changed behind this process's back, as another replica would: the next tickets are still routed as read.
      TestDatabase.jdbc().sql("update sla_routing_rules set queue = ? where label = ?").params(queueB, name).update();
      TestDatabase.jdbc().sql("update sla_agents set on_duty = false where queue = ?").param(queueA).update();
      TicketAssignment fromMemory = intake.route(ticket(name + "-2", name));
      assertThat(fromMemory.queue()).as("rule from memory").isEqualTo(queueA);
      assertThat(fromMemory.assignee()).as("agents from memory").isEqualTo("ann");
      assertThat(intake(Duration.ZERO).route(ticket(name + "-3", name)).queue()).as("read every time")
          .isEqualTo(queueB);

      config.replaceRoutingRules(with(before, new RoutingRule(null, null, name, queueB)));
      assertThat(intake.route(ticket(name + "-4", name)).queue()).as("saved through this process").isEqualTo(queueB);
      // Per ticket, from PostgreSQL: routing the first ticket again answers its first choice.
      TicketAssignment again = intake.route(ticket(name + "-1", name));
      assertThat(again.queue()).isEqualTo(queueA);
      assertThat(again.assignee()).isEqualTo("ann");
      assertThat(TestDatabase.jdbc().sql("select count(*) from sla_tickets where ticket_key like ?")
          .param(name + "-%").query(Long.class).single()).isEqualTo(4);
    } finally {
      config.replaceRoutingRules(before);
    }
  }

  @Test
  void aQueueThatDoesNotExistIsNotRemembered() {
    String name = "routing-missing-" + System.nanoTime();
    List<RoutingRule> before = config.routingRules();
    try {
      config.replaceRoutingRules(with(before, new RoutingRule(null, null, name, name)));
      TicketIntakeActivitiesImpl intake = intake(Duration.ofMinutes(5));
      assertThatThrownBy(() -> intake.route(ticket(name + "-1", name))).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("which does not exist");

      // Created directly in PostgreSQL (no save through this process): the next attempt finds it.
      TestDatabase.jdbc().sql("insert into sla_queues (name, policy) values (?, 'standard')").param(name).update();
      assertThat(intake.route(ticket(name + "-1", name)).queue()).isEqualTo(name);
    } finally {
      config.replaceRoutingRules(before);
    }
  }

  private TicketIntakeActivitiesImpl intake(Duration routingCacheTtl) {
    return new TicketIntakeActivitiesImpl(config,
        new SlaProperties("support", "pitcrew@localhost", Duration.ZERO, routingCacheTtl), TestDatabase.jdbc());
  }

  private static TicketSlaInput ticket(String key, String label) {
    return new TicketSlaInput(key, TicketSlaInput.SOURCE_PITCREW, "Routing " + key, "player@example.com", "High",
        "Open", null, List.of(), List.of(label), null);
  }

  /** The rules there were, this one first (the first rule that matches routes). */
  private static List<RoutingRule> with(List<RoutingRule> before, RoutingRule rule) {
    List<RoutingRule> rules = new ArrayList<>();
    rules.add(rule);
    rules.addAll(before);
    return rules;
  }
}
