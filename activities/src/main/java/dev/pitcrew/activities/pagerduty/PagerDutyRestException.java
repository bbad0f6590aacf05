package dev.pitcrew.activities.pagerduty;

/**
 * A PagerDuty REST call that did not succeed: PagerDuty answered an error status, or could not be reached. The
 * message names the request and PagerDuty's answer, never the API token (it travels only in a header).
 */
public class PagerDutyRestException extends RuntimeException {
  /** Status of a request PagerDuty never answered. */
  public static final int UNREACHABLE = 0;

  private final int status;

  PagerDutyRestException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** PagerDuty's HTTP status, or {@link #UNREACHABLE}. */
  public int status() {
    return status;
  }

  /** 404: the resource does not exist, or the token's account cannot see it; asking again will not change that. */
  public boolean notFound() {
    return status == 404;
  }
}
