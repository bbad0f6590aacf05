package dev.pitcrew.activities.slack;

import java.time.Duration;

/** Why a Slack call did not go through. Messages never carry tokens. */
public abstract sealed class SlackFailure extends RuntimeException {
  SlackFailure(String message) {
    super(message);
  }

  /** Slack answered 429: try again after {@link #retryAfter()}. */
  public static final class RateLimited extends SlackFailure {
    private final Duration retryAfter;

    public RateLimited(String method, Duration retryAfter) {
      super("Slack rate-limited " + method + "; retry after " + retryAfter.toSeconds() + "s");
      this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
      return retryAfter;
    }
  }

  /** Slack could not be reached or failed on its side: worth retrying. */
  public static final class Unavailable extends SlackFailure {
    public Unavailable(String method, String why) {
      super("Slack " + method + " failed: " + why);
    }
  }

  /** Slack refused the call ({@code ok:false}, e.g. channel_not_found): retrying the same call does not help. */
  public static final class Rejected extends SlackFailure {
    private final String error;

    public Rejected(String method, String error) {
      super("Slack refused " + method + ": " + error);
      this.error = error;
    }

    public String error() {
      return error;
    }
  }
}
