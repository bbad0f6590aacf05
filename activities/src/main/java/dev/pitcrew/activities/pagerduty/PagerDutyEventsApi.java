package dev.pitcrew.activities.pagerduty;

import com.github.dikhan.pagerduty.client.events.PagerDutyEventsClient;
import com.github.dikhan.pagerduty.client.events.domain.AcknowledgeIncident;
import com.github.dikhan.pagerduty.client.events.domain.EventResult;
import com.github.dikhan.pagerduty.client.events.domain.Payload;
import com.github.dikhan.pagerduty.client.events.domain.ResolveIncident;
import com.github.dikhan.pagerduty.client.events.domain.Severity;
import com.github.dikhan.pagerduty.client.events.domain.TriggerIncident;
import com.github.dikhan.pagerduty.client.events.exceptions.NotifyEventException;
import com.mashape.unirest.http.Unirest;
import dev.pitcrew.activities.failure.RateLimited;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import org.json.JSONObject;

/**
 * Sends events through PagerDuty's Events API v2 with the {@code pagerduty-client} library. The library's own
 * retries are off: Temporal retries, and a 429 becomes a retryable failure with a growing next-retry delay
 * (PagerDuty sends no Retry-After), so a rate-limited page is delayed, never dropped or doubled. The intake's page
 * at the door sends through here too, outside any activity: one attempt, its failure left to the workflow.
 */
public class PagerDutyEventsApi implements PagerDutyEvents {
  static final Duration FIRST_RATE_LIMIT_DELAY = Duration.ofSeconds(10);
  static final Duration LONGEST_RATE_LIMIT_DELAY = Duration.ofMinutes(5);
  /**
   * Connections to the Events API held at once. The library's HTTP stack (Unirest 1.4, one process-wide Apache
   * client) allows 20 per host by default: in an alert storm the door's first pages, each one call, then queue for a
   * connection behind 20 slow ones (on a starved machine every call is slow), and the page waits with them. The
   * door sends before a delivery takes its place in the page intake, and the paging queue's activity slots (100 by
   * default) send from the workflows: 200 leaves neither waiting for the other, and still bounds the sockets a slow
   * PagerDuty can hold (each call gives up at the door's timeout, or the library's socket timeout in an activity).
   */
  static final int CONNECTIONS = 200;

  static {
    // Process-wide, like the library's own settings (it installs its object mapper the same way): set once, before
    // the first client is built, so no call ever meets the smaller default pool.
    Unirest.setConcurrency(CONNECTIONS, CONNECTIONS);
  }

  private final PagerDutyProperties properties;
  private final PagerDutyEventsClient client;

  public PagerDutyEventsApi(PagerDutyProperties properties) {
    this.properties = properties;
    this.client = PagerDutyEventsClient.create(properties.eventsUrl(), false); // false: no retries of its own
  }

  @Override
  public void send(PagerDutyEvent event) {
    String routingKey = properties.routingKeyFor(event.pagerDutyService()).orElseThrow(() ->
        ApplicationFailure.newNonRetryableFailure(
            "No routing key configured for PagerDuty service '" + event.pagerDutyService() + "'", "PagerDutyNotConfigured"));
    EventResult result;
    try {
      result = switch (event.action()) {
        case "trigger" -> client.trigger(trigger(routingKey, event));
        case "acknowledge" -> client.acknowledge(
            AcknowledgeIncident.AcknowledgeIncidentBuilder.newBuilder(routingKey, event.dedupKey()).build());
        case "resolve" -> client.resolve(
            ResolveIncident.ResolveIncidentBuilder.newBuilder(routingKey, event.dedupKey()).build());
        default -> throw new IllegalArgumentException("Unknown PagerDuty event action " + event.action());
      };
    } catch (NotifyEventException e) {
      throw ApplicationFailure.newFailure("PagerDuty unreachable: " + rootMessage(e), "PagerDutyUnavailable");
    }
    check(result, event);
  }

  private static TriggerIncident trigger(String routingKey, PagerDutyEvent event) {
    Payload payload = Payload.Builder.newBuilder()
        .setSummary(event.summary())
        .setSource(event.source())
        .setSeverity(Severity.valueOf(event.severity().toUpperCase(Locale.ROOT)))
        .setComponent(event.component())
        .setGroup("pitcrew")
        .setEventClass("incident")
        .setTimestamp(OffsetDateTime.now(ZoneOffset.UTC))
        .setCustomDetails(new JSONObject(event.customDetails()))
        .build();
    return TriggerIncident.TriggerIncidentBuilder.newBuilder(routingKey, payload).setDedupKey(event.dedupKey()).build();
  }

  private static void check(EventResult result, PagerDutyEvent event) {
    String status = result.getStatus() == null ? "" : result.getStatus();
    if (status.equals("success")) {
      return;
    }
    // The library reports HTTP errors it does not parse as the status code itself.
    if (status.equals("429")) {
      throw RateLimited.retryAfter("PagerDuty", backoffForAttempt(attempt()));
    }
    String what = "PagerDuty refused " + event.action() + " for service '" + event.pagerDutyService() + "': " + status
        + (result.getMessage() == null ? "" : " " + result.getMessage());
    if (status.startsWith("5")) {
      throw ApplicationFailure.newFailure(what, "PagerDutyUnavailable");
    }
    // 400 "invalid event" and the like: the event is wrong, retrying will not fix it.
    throw ApplicationFailure.newNonRetryableFailure(what + " " + result.getErrors(), "PagerDutyRejected");
  }

  /** The activity's attempt; 1 outside an activity (the intake's single attempt at the door, which never retries). */
  private static int attempt() {
    try {
      return Activity.getExecutionContext().getInfo().getAttempt();
    } catch (IllegalStateException outsideAnActivity) {
      return 1;
    }
  }

  static Duration backoffForAttempt(int attempt) {
    long factor = 1L << Math.min(Math.max(attempt - 1, 0), 10);
    Duration delay = FIRST_RATE_LIMIT_DELAY.multipliedBy(factor);
    return delay.compareTo(LONGEST_RATE_LIMIT_DELAY) > 0 ? LONGEST_RATE_LIMIT_DELAY : delay;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }
}
