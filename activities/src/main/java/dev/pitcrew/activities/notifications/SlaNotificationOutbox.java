package dev.pitcrew.activities.notifications;

import dev.pitcrew.activities.outbox.OutboxRepository;
import dev.pitcrew.activities.outbox.OutboxWrite;
import dev.pitcrew.workflows.sla.TicketSlaWorkflow;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * SLA notifications in the one outbox: the integration is the notification's channel ({@code email},
 * {@code slack}, {@code jira}), the operation its kind, the run the ticket's SLA workflow.
 */
@Component
public class SlaNotificationOutbox implements NotificationLog {
  private final OutboxRepository outbox;
  private final JsonMapper json = JsonMapper.builder().build();

  public SlaNotificationOutbox(OutboxRepository outbox) {
    this.outbox = outbox;
  }

  @Override
  public void write(Notification n, Delivery delivery) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("ticketKey", n.ticketKey());
    if (n.subject() != null) {
      payload.put("subject", n.subject());
    }
    if (n.body() != null) {
      payload.put("body", n.body());
    }
    outbox.write(new OutboxWrite(n.channel(), n.kind(), n.target(), TicketSlaWorkflow.workflowId(n.ticketKey()),
        OutboxWrite.Delivery.valueOf(delivery.name()), n.dedupKey(), json.writeValueAsString(payload)));
  }
}
