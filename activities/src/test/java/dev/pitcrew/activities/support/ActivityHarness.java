package dev.pitcrew.activities.support;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;

/** Runs an activity implementation inside Temporal's activity test environment, one attempt per call. */
public final class ActivityHarness implements AutoCloseable {
  private final TestActivityEnvironment env = TestActivityEnvironment.newInstance();

  public <T> T stub(Class<T> activityInterface, Object implementation) {
    env.registerActivitiesImplementations(implementation);
    return env.newActivityStub(activityInterface, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(30))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  /** The application failure an activity call ended with. */
  public static ApplicationFailure failureOf(Runnable call) {
    try {
      call.run();
    } catch (ActivityFailure failure) {
      if (failure.getCause() instanceof ApplicationFailure application) {
        return application;
      }
      throw failure;
    }
    throw new AssertionError("expected the activity to fail");
  }

  @Override
  public void close() {
    env.close();
  }
}
