package dev.pitcrew.activities.notifications;

/**
 * Where SLA notifications are written down: what was sent, or what would have been sent by an integration that
 * is not configured. {@link SlaNotificationOutbox} keeps them in the one outbox.
 */
public interface NotificationLog {

  enum Delivery {
    /** Delivered through the configured integration. */
    SENT,
    /** The integration is not configured; this is what it would have sent. */
    NOT_CONFIGURED
  }

  /**
   * @param dedupKey identifies the notification across activity retries; a repeat with the same key is ignored
   */
  void write(Notification notification, Delivery delivery);

  record Notification(
      String dedupKey, String ticketKey, String kind, String channel, String target, String subject, String body) {}
}
