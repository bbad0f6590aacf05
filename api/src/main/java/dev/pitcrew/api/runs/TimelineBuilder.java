package dev.pitcrew.api.runs;

import com.google.protobuf.Timestamp;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a Temporal history into the lines an on-call engineer reads: phase changes, activities, timers, signals,
 * decisions (Workflow Updates), failures and how the run ended. Workflow-task bookkeeping is left out.
 */
@Component
class TimelineBuilder {
  private static final String RECORD_PROGRESS = "RecordRunProgress";
  private static final String LOCAL_ACTIVITY_MARKER = "LocalActivity";

  private final PayloadJson payloads;

  TimelineBuilder(PayloadJson payloads) {
    this.payloads = payloads;
  }

  List<TimelineEvent> build(List<HistoryEvent> history) {
    List<TimelineEvent> timeline = new ArrayList<>();
    Map<Long, String> activityTypes = new HashMap<>();
    Map<String, String> updates = new HashMap<>();
    // Where the lines of the current workflow task's commands begin: a phase written by a local activity is
    // recorded after the commands of its task (its marker lands when the write completes), but the run entered
    // the phase before it scheduled them, so its line goes first.
    int taskLinesStart = 0;
    for (HistoryEvent event : history) {
      Instant at = instant(event.getEventTime());
      switch (event.getEventType()) {
        case EVENT_TYPE_WORKFLOW_EXECUTION_STARTED -> {
          var started = event.getWorkflowExecutionStartedEventAttributes();
          timeline.add(new TimelineEvent(at, "run", "Run started (" + started.getWorkflowType().getName() + ")",
              payloads.of(started.getInput())));
        }
        case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> {
          var scheduled = event.getActivityTaskScheduledEventAttributes();
          String type = scheduled.getActivityType().getName();
          activityTypes.put(event.getEventId(), type);
          if (RECORD_PROGRESS.equals(type)) {
            JsonNode progress = payloads.of(scheduled.getInput());
            timeline.add(new TimelineEvent(at, "phase", phaseTitle(progress), phaseDetail(progress)));
          } else {
            timeline.add(new TimelineEvent(at, "activity", type + " scheduled", null));
          }
        }
        case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> {
          String type = activityTypes.get(event.getActivityTaskCompletedEventAttributes().getScheduledEventId());
          if (!RECORD_PROGRESS.equals(type)) {
            timeline.add(new TimelineEvent(at, "activity", type + " completed",
                payloads.of(event.getActivityTaskCompletedEventAttributes().getResult())));
          }
        }
        case EVENT_TYPE_ACTIVITY_TASK_FAILED -> {
          var failed = event.getActivityTaskFailedEventAttributes();
          String type = activityTypes.get(failed.getScheduledEventId());
          timeline.add(new TimelineEvent(at, "failure", type + " failed: " + message(failed.getFailure())
              + givenUpNote(type), null));
        }
        case EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT -> {
          var timedOut = event.getActivityTaskTimedOutEventAttributes();
          String type = activityTypes.get(timedOut.getScheduledEventId());
          timeline.add(new TimelineEvent(at, "failure", type + " timed out" + givenUpNote(type), null));
        }
        case EVENT_TYPE_MARKER_RECORDED -> {
          // A runs-index write done as a local activity inside the workflow task (the side-effect policy): its
          // marker carries the record, so the phase reads as it did when the write was an activity. A failed one
          // is a line of its own: a write then goes on as an activity (which shows too), but a lookup the run
          // went on without (an SLA's terms for a new priority) shows nowhere else.
          var marker = event.getMarkerRecordedEventAttributes();
          if (LOCAL_ACTIVITY_MARKER.equals(marker.getMarkerName()) && marker.hasFailure()) {
            JsonNode type = marker.containsDetails("type") ? payloads.of(marker.getDetailsOrThrow("type")) : null;
            timeline.add(new TimelineEvent(at, "failure", (type == null ? "Local activity" : type.asString())
                + " failed inside the workflow task: " + message(marker.getFailure()), null));
          } else if (LOCAL_ACTIVITY_MARKER.equals(marker.getMarkerName())
              && marker.containsDetails("type") && marker.containsDetails("input")) {
            JsonNode type = payloads.of(marker.getDetailsOrThrow("type"));
            if (type != null && RECORD_PROGRESS.equals(type.asString())) {
              JsonNode progress = payloads.of(marker.getDetailsOrThrow("input"));
              timeline.add(taskLinesStart++, new TimelineEvent(at, "phase", phaseTitle(progress),
                  phaseDetail(progress)));
            }
          }
        }
        case EVENT_TYPE_WORKFLOW_TASK_COMPLETED -> taskLinesStart = timeline.size();
        case EVENT_TYPE_TIMER_STARTED -> {
          var timer = event.getTimerStartedEventAttributes();
          Duration wait = Duration.ofSeconds(timer.getStartToFireTimeout().getSeconds());
          timeline.add(new TimelineEvent(at, "timer",
              "Waiting " + humanize(wait) + " (until " + at.plus(wait) + ")", null));
        }
        case EVENT_TYPE_TIMER_FIRED -> timeline.add(new TimelineEvent(at, "timer", "Timer fired", null));
        case EVENT_TYPE_TIMER_CANCELED ->
            timeline.add(new TimelineEvent(at, "timer", "Wait ended early", null));
        case EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED -> {
          var signal = event.getWorkflowExecutionSignaledEventAttributes();
          timeline.add(new TimelineEvent(at, "signal", "Signal '" + signal.getSignalName() + "' received",
              payloads.of(signal.getInput())));
        }
        case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED -> {
          var accepted = event.getWorkflowExecutionUpdateAcceptedEventAttributes().getAcceptedRequest();
          updates.put(accepted.getMeta().getUpdateId(), accepted.getInput().getName());
          timeline.add(new TimelineEvent(at, "decision", "Decision '" + accepted.getInput().getName() + "' accepted",
              payloads.of(accepted.getInput().getArgs())));
        }
        case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED -> {
          var completed = event.getWorkflowExecutionUpdateCompletedEventAttributes();
          String name = updates.getOrDefault(completed.getMeta().getUpdateId(), "decision");
          if (completed.getOutcome().hasFailure()) {
            // Accepted by the validator, refused by the handler: the run moved on in between.
            timeline.add(new TimelineEvent(at, "refused", "Decision '" + name + "' refused: "
                + completed.getOutcome().getFailure().getMessage(), null));
          } else {
            timeline.add(new TimelineEvent(at, "decision", "Decision '" + name + "' applied",
                payloads.of(completed.getOutcome().getSuccess())));
          }
        }
        case EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED ->
            timeline.add(new TimelineEvent(at, "run", "Cancellation requested", null));
        case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED ->
            timeline.add(new TimelineEvent(at, "run", "Run completed",
                payloads.of(event.getWorkflowExecutionCompletedEventAttributes().getResult())));
        case EVENT_TYPE_WORKFLOW_EXECUTION_FAILED ->
            timeline.add(new TimelineEvent(at, "failure",
                "Run failed: " + message(event.getWorkflowExecutionFailedEventAttributes().getFailure()), null));
        case EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED ->
            timeline.add(new TimelineEvent(at, "run", "Run cancelled", null));
        case EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED ->
            timeline.add(new TimelineEvent(at, "run",
                "Run terminated: " + event.getWorkflowExecutionTerminatedEventAttributes().getReason(), null));
        case EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT ->
            timeline.add(new TimelineEvent(at, "failure", "Run timed out", null));
        case EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW ->
            timeline.add(new TimelineEvent(at, "run", "Continued as a new run (history kept short)", null));
        default -> {
          // Workflow-task scheduling, markers and attribute upserts are engine bookkeeping, not operations.
        }
      }
    }
    return timeline;
  }

  /**
   * Side effects (runs index, Slack messages) are given up after bounded retries without failing the run; the
   * line says so, so nobody reads it as the run having failed.
   */
  private static String givenUpNote(String type) {
    return type != null && (RECORD_PROGRESS.equals(type) || type.startsWith("Slack"))
        ? " (side effect given up; the run went on)" : "";
  }

  private static String phaseTitle(JsonNode progress) {
    if (progress == null || !progress.has("phase")) {
      return "Phase changed";
    }
    String phase = progress.get("phase").asString();
    String status = progress.path("status").asString("");
    return "RUNNING".equals(status) ? "Phase: " + phase : "Phase: " + phase + " (" + status + ")";
  }

  /** The parts of a progress record a reader cares about; IDs and sequence numbers are bookkeeping. */
  private static JsonNode phaseDetail(JsonNode progress) {
    if (!(progress instanceof ObjectNode record)) {
      return progress;
    }
    ObjectNode detail = JsonNodeFactory.instance.objectNode();
    detail.set("phase", record.get("phase"));
    detail.set("status", record.get("status"));
    if (record.hasNonNull("outcome")) {
      detail.set("outcome", record.get("outcome"));
    }
    return detail;
  }

  private static String message(Failure failure) {
    String message = failure.getMessage();
    return failure.hasCause() && !failure.getCause().getMessage().isEmpty()
        ? message + " (" + failure.getCause().getMessage() + ")"
        : message;
  }

  private static String humanize(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds % 3600 == 0 && seconds >= 3600) {
      return seconds / 3600 + "h";
    }
    if (seconds % 60 == 0 && seconds >= 60) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }

  private static Instant instant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
