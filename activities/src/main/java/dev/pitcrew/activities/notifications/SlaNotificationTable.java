package dev.pitcrew.activities.notifications;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The notification log in PostgreSQL ({@code sla_notifications}). */
@Component
public class SlaNotificationTable implements NotificationLog {
  private final JdbcClient jdbc;

  public SlaNotificationTable(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void write(Notification n, Delivery delivery) {
    jdbc.sql("""
            insert into sla_notifications (dedup_key, ticket_key, kind, channel, target, subject, body, delivery)
            values (?, ?, ?, ?, ?, ?, ?, ?)
            on conflict (dedup_key) do nothing""")
        .params(n.dedupKey(), n.ticketKey(), n.kind(), n.channel(), n.target(), n.subject(), n.body(), delivery.name())
        .update();
  }
}
