package dev.pitcrew.workflows.run;

import io.temporal.failure.ApplicationFailure;
import java.util.Arrays;
import java.util.Optional;

/**
 * Why a workflow refused a person's decision (an Update rejected by its validator, or refused by its handler when
 * the run moved on between validation and handling). Carried to the caller as the {@link ApplicationFailure}'s
 * type, so the API answers with the matching status and the workflow's own words, and Slack with the same text.
 */
public enum Refusal {
  /** The run is not where this decision means anything: nothing awaits approval, it is already finishing. 409. */
  WRONG_PHASE("DecisionWrongPhase", 409),
  /** Someone decided first: already approved, rejected, acknowledged or resolved. 409. */
  ALREADY_DECIDED("DecisionAlreadyDecided", 409),
  /** The person may not make this decision on this run, e.g. approving their own production deployment. 403. */
  FORBIDDEN("DecisionForbidden", 403),
  /** The decision itself is malformed (no one named as its author). 400. */
  INVALID("DecisionInvalid", 400);

  private final String type;
  private final int httpStatus;

  Refusal(String type, int httpStatus) {
    this.type = type;
    this.httpStatus = httpStatus;
  }

  /** The failure a validator or handler throws; non-retryable, since a refusal is an answer, not an outage. */
  public ApplicationFailure because(String reason) {
    return ApplicationFailure.newNonRetryableFailure(reason, type);
  }

  public String type() {
    return type;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The refusal an {@link ApplicationFailure} type names, if it names one. */
  public static Optional<Refusal> ofType(String type) {
    return Arrays.stream(values()).filter(r -> r.type.equals(type)).findFirst();
  }
}
