package dev.pitcrew.api.startup;

import jdk.jfr.FlightRecorder;
import org.springframework.core.metrics.ApplicationStartup;
import org.springframework.core.metrics.jfr.FlightRecorderApplicationStartup;

/**
 * Where a start's time goes: when the JVM was started with a flight recording ({@code
 * -XX:StartFlightRecording=filename=start.jfr}), Spring's start-up steps (each bean's creation, configuration
 * classes, the context's refresh) go into that recording beside the CPU samples, as {@code
 * FlightRecorderStartupEvent}s with their parent step and the bean's name (docs/performance.md). Otherwise nothing
 * is recorded, so an ordinary start pays nothing for it.
 */
public final class StartupSteps {
  private StartupSteps() {}

  /** Spring's JFR steps when a recording was started with the JVM, else Spring's default (records nothing). */
  public static ApplicationStartup forThisJvm() {
    return recordingFromTheStart() ? new FlightRecorderApplicationStartup() : ApplicationStartup.DEFAULT;
  }

  private static boolean recordingFromTheStart() {
    // A JRE without the jdk.jfr module (a jlinked image) has no recorder to write to.
    return ModuleLayer.boot().findModule("jdk.jfr").isPresent() && FlightRecorder.isInitialized();
  }
}
