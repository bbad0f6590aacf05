package dev.pitcrew.workflows.incident;

import java.time.Duration;
import java.util.List;

/**
 * How bad an incident is, and what that means for the response by default. A service's own escalation policy
 * (see {@link EscalationPolicy}) replaces {@link #defaultPolicy}; the other defaults always apply.
 */
public enum Severity {
  /** Players broadly cannot play or pay; revenue or data at risk. All hands, updates every 30 minutes. */
  SEV1(true, true, Duration.ofMinutes(30), 5, 3),
  /** A major feature or a region is down or badly degraded. Page, channel, updates every hour. */
  SEV2(true, true, Duration.ofMinutes(60), 15, 2),
  /** A minor feature is degraded, or a major one at risk. Page and channel, no stakeholder cadence. */
  SEV3(true, true, null, 30, 1),
  /** Cosmetic or internal-only. Recorded and tracked; nobody is woken up and no channel is opened. */
  SEV4(false, false, null, 60, 0);

  /** The PagerDuty service name the default policy pages; Pitcrew maps it to the default routing key. */
  public static final String DEFAULT_PAGERDUTY_SERVICE = "default";

  private final boolean pagesOnCall;
  private final boolean opensChannel;
  private final Duration stakeholderUpdateEvery;
  private final int defaultAckTimeoutMinutes;
  private final int defaultRepeats;

  Severity(
      boolean pagesOnCall,
      boolean opensChannel,
      Duration stakeholderUpdateEvery,
      int defaultAckTimeoutMinutes,
      int defaultRepeats) {
    this.pagesOnCall = pagesOnCall;
    this.opensChannel = opensChannel;
    this.stakeholderUpdateEvery = stakeholderUpdateEvery;
    this.defaultAckTimeoutMinutes = defaultAckTimeoutMinutes;
    this.defaultRepeats = defaultRepeats;
  }

  public boolean pagesOnCall() {
    return pagesOnCall;
  }

  public boolean opensChannel() {
    return opensChannel;
  }

  /** How often the incident commander owes stakeholders an update; null when this severity has no cadence. */
  public Duration stakeholderUpdateEvery() {
    return stakeholderUpdateEvery;
  }

  /** Used when a service has no policy of its own: one level paging Pitcrew's default PagerDuty service. */
  public EscalationPolicy defaultPolicy(String service) {
    EscalationTarget target = new EscalationTarget(DEFAULT_PAGERDUTY_SERVICE, null);
    return new EscalationPolicy(
        service,
        List.of(new EscalationLevel(defaultAckTimeoutMinutes, List.of(target), List.of())),
        defaultRepeats,
        null,
        false);
  }

  public boolean isMoreSevereThan(Severity other) {
    return ordinal() < other.ordinal();
  }
}
