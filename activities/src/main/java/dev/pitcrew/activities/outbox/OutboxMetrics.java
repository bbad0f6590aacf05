package dev.pitcrew.activities.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code pitcrew_outbox_items{integration}}: calls Pitcrew made to PagerDuty, Slack, JIRA or email while that
 * integration was not configured, so they went to the outbox instead of the vendor ({@code NOT_CONFIGURED} rows;
 * records of calls really sent are not counted). Read from the table at scrape time, so every process reports the
 * same. In production a growing count means pages, channels or postmortems reach nobody.
 */
@Component
public class OutboxMetrics {
  static final String ITEMS = "pitcrew.outbox.items";
  static final List<String> INTEGRATIONS = List.of("pagerduty", "slack", "jira", "email");

  public OutboxMetrics(MeterRegistry registry, JdbcClient jdbc) {
    for (String integration : INTEGRATIONS) {
      Gauge.builder(ITEMS, () -> jdbc.sql(
                  "select count(*) from outbox where integration = ? and delivery = 'NOT_CONFIGURED'")
              .param(integration).query(Long.class).single())
          .description("Calls held in the outbox because the integration is not configured")
          .tag("integration", integration)
          .register(registry);
    }
  }
}
