package dev.pitcrew.activities.sla;

import dev.pitcrew.workflows.sla.CalendarSpec;
import dev.pitcrew.workflows.sla.WorkingHours;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SLA configuration in PostgreSQL: policies, calendars with holidays, queues with agents, routing rules. */
@Repository
public class SlaConfigStore {
  private static final TypeReference<List<WorkingHours>> HOURS = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final JsonMapper json = JsonMapper.builder().build();
  /**
   * Saves of policies, calendars, holidays, queues and routing rules through this process: what a ticket's routing
   * and terms are made of.
   */
  private final AtomicLong changes = new AtomicLong();

  public SlaConfigStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void savePolicy(String name, SlaPolicyDocument policy) {
    changes.incrementAndGet();
    jdbc.sql("""
            insert into sla_policies (name, document, updated_at) values (?, ?::jsonb, now())
            on conflict (name) do update set document = excluded.document, updated_at = now()""")
        .params(name, json.writeValueAsString(policy))
        .update();
    changed();
  }

  /**
   * Counts a change once more when it is committed (at once outside a transaction). The count taken before the
   * write is not enough: terms read between it and the commit are the old ones but would carry the new count, and
   * be served for the cache's whole period.
   */
  private void changed() {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCompletion(int status) {
          changes.incrementAndGet();
        }
      });
    } else {
      changes.incrementAndGet();
    }
  }

  /**
   * How many times this process changed the SLA configuration: terms and routing read before a change are not
   * served after it ({@link SlaPolicyActivitiesImpl}, {@link TicketIntakeActivitiesImpl}).
   */
  public long changes() {
    return changes.get();
  }

  public Optional<SlaPolicyDocument> policy(String name) {
    return jdbc.sql("select document::text from sla_policies where name = ?").param(name).query(String.class)
        .optional().map(doc -> json.readValue(doc, SlaPolicyDocument.class));
  }

  public List<String> policyNames() {
    return jdbc.sql("select name from sla_policies order by name").query(String.class).list();
  }

  public List<String> calendarNames() {
    return jdbc.sql("select name from sla_calendars order by name").query(String.class).list();
  }

  public void saveCalendar(String name, String zone, List<WorkingHours> hours) {
    changes.incrementAndGet();
    jdbc.sql("""
            insert into sla_calendars (name, zone, hours, updated_at) values (?, ?, ?::jsonb, now())
            on conflict (name) do update set zone = excluded.zone, hours = excluded.hours, updated_at = now()""")
        .params(name, zone, json.writeValueAsString(hours))
        .update();
    changed();
  }

  /** Adds holidays (a repeated date keeps its first name); answers how many were new. */
  @Transactional
  public int addHolidays(String calendar, Map<LocalDate, String> holidays) {
    changes.incrementAndGet();
    changed();
    int added = 0;
    for (Map.Entry<LocalDate, String> holiday : holidays.entrySet()) {
      added += jdbc.sql("insert into sla_calendar_holidays (calendar, day, name) values (?, ?, ?) on conflict do nothing")
          .params(calendar, Date.valueOf(holiday.getKey()), holiday.getValue())
          .update();
    }
    return added;
  }

  public Optional<CalendarSpec> calendar(String name) {
    List<String> holidays =
        jdbc.sql("select day::text from sla_calendar_holidays where calendar = ? order by day").param(name)
            .query(String.class).list();
    return jdbc.sql("select zone, hours::text as hours from sla_calendars where name = ?").param(name)
        .query((rs, n) -> new CalendarSpec(rs.getString("zone"), json.readValue(rs.getString("hours"), HOURS), holidays))
        .optional();
  }

  @Transactional
  public void saveQueue(SlaQueue queue) {
    changes.incrementAndGet();
    changed();
    jdbc.sql("""
            insert into sla_queues (name, policy, slack_channel) values (?, ?, ?)
            on conflict (name) do update set policy = excluded.policy, slack_channel = excluded.slack_channel""")
        .params(queue.name(), queue.policy(), queue.slackChannel())
        .update();
    jdbc.sql("delete from sla_agents where queue = ?").param(queue.name()).update();
    int position = 0;
    for (SlaQueue.Agent agent : queue.agents()) {
      jdbc.sql("""
              insert into sla_agents (queue, position, name, email, jira_account_id, on_duty)
              values (?, ?, ?, ?, ?, ?)""")
          .params(queue.name(), position++, agent.name(), agent.email(), agent.jiraAccountId(), agent.onDuty())
          .update();
    }
  }

  public Optional<SlaQueue> queue(String name) {
    List<SlaQueue.Agent> agents =
        jdbc.sql("select name, email, jira_account_id, on_duty from sla_agents where queue = ? order by position")
            .param(name)
            .query((rs, n) -> new SlaQueue.Agent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4)))
            .list();
    return jdbc.sql("select name, policy, slack_channel from sla_queues where name = ?").param(name)
        .query((rs, n) -> new SlaQueue(rs.getString(1), rs.getString(2), rs.getString(3), agents))
        .optional();
  }

  public List<String> queueNames() {
    return jdbc.sql("select name from sla_queues order by name").query(String.class).list();
  }

  /** The next position in a queue's round-robin; concurrent callers each get their own. */
  public long takeRoundRobinTurn(String queue) {
    return jdbc.sql("update sla_queues set next_agent = next_agent + 1 where name = ? returning next_agent - 1")
        .param(queue).query(Long.class).single();
  }

  @Transactional
  public void replaceRoutingRules(List<RoutingRule> rules) {
    changes.incrementAndGet();
    changed();
    jdbc.sql("delete from sla_routing_rules").update();
    int position = 0;
    for (RoutingRule rule : rules) {
      jdbc.sql("insert into sla_routing_rules (position, category, component, label, queue) values (?, ?, ?, ?, ?)")
          .params(position++, rule.category(), rule.component(), rule.label(), rule.queue())
          .update();
    }
  }

  public List<RoutingRule> routingRules() {
    return jdbc.sql("select category, component, label, queue from sla_routing_rules order by position")
        .query((rs, n) -> new RoutingRule(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
        .list();
  }
}
