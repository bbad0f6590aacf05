package dev.pitcrew.activities.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code pitcrew_outbox_items{integration}}: calls Pitcrew made to PagerDuty, Slack or JIRA while that integration
 * was not configured, so they went to the outbox instead of the vendor. Read from the tables at scrape time, so every
 * process reports the same. In production a growing count means pages, channels or postmortems reach nobody.
 */
@Component
public class OutboxMetrics {
  static final String ITEMS = "pitcrew.outbox.items";

  public OutboxMetrics(MeterRegistry registry, JdbcClient jdbc) {
    for (String integration : new String[] {"pagerduty", "jira"}) {
      Gauge.builder(ITEMS, () -> jdbc.sql("select count(*) from integration_outbox where integration = ?")
              .param(integration).query(Long.class).single())
          .description("Calls held in the outbox because the integration is not configured")
          .tag("integration", integration)
          .register(registry);
    }
    // Slack's calls come from two places: incident channels (integration_outbox) and ChatOps replies (slack_outbox).
    Gauge.builder(ITEMS, () -> jdbc.sql("select (select count(*) from integration_outbox where integration = 'slack')"
                + " + (select count(*) from slack_outbox)").query(Long.class).single())
        .description("Calls held in the outbox because the integration is not configured")
        .tag("integration", "slack")
        .register(registry);
  }
}
