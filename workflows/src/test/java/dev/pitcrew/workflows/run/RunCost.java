package dev.pitcrew.workflows.run;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a finished run cost the engine, read from its history: the workflow tasks it completed and the
 * activity tasks it scheduled (local activities run inside a workflow task and cost neither). The family tests
 * assert these for a typical run, so a change that adds a round trip fails the build.
 */
public record RunCost(int workflowTasks, int activities, int localActivities, List<HistoryEvent> events) {

  public static RunCost of(WorkflowClient client, String workflowId) {
    return of(client.fetchHistory(workflowId).getEvents());
  }

  public static RunCost of(List<HistoryEvent> events) {
    int tasks = 0;
    int activities = 0;
    int locals = 0;
    for (HistoryEvent event : events) {
      switch (event.getEventType()) {
        // Completed tasks: one that failed or timed out on a starved machine (and was retried) is load, not design.
        case EVENT_TYPE_WORKFLOW_TASK_COMPLETED -> tasks++;
        case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> activities++;
        case EVENT_TYPE_MARKER_RECORDED -> {
          if ("LocalActivity".equals(event.getMarkerRecordedEventAttributes().getMarkerName())) {
            locals++;
          }
        }
        default -> {}
      }
    }
    return new RunCost(tasks, activities, locals, events);
  }

  /**
   * What woke the run after its start: activity results, timers, signals, accepted updates, cancellation. A run
   * whose side effects cost no workflow task of their own needs at most one task per wake-up plus its first.
   */
  public int wakeUps() {
    return (int) events.stream().filter(e -> switch (e.getEventType()) {
      case EVENT_TYPE_ACTIVITY_TASK_COMPLETED, EVENT_TYPE_ACTIVITY_TASK_FAILED, EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT,
           EVENT_TYPE_TIMER_FIRED, EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
           EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED, EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED -> true;
      default -> false;
    }).count();
  }

  /** The activity types scheduled, in order. */
  public List<String> activityTypes() {
    return events.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .map(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName())
        .toList();
  }

  /** When the first activity of {@code type} was scheduled. */
  public Optional<Instant> scheduled(String type) {
    return events.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
            && e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals(type))
        .findFirst()
        .map(RunCost::time);
  }

  /** The event id of the first activity of {@code type} scheduled, or -1. */
  public long scheduledEventId(String type) {
    return events.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
            && e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals(type))
        .mapToLong(HistoryEvent::getEventId)
        .findFirst()
        .orElse(-1);
  }

  /** Activity types whose last attempt failed or timed out: side effects given up. */
  public List<String> givenUpActivityTypes() {
    return events.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED
            || e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT)
        .map(e -> {
          long scheduledId = e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED
              ? e.getActivityTaskFailedEventAttributes().getScheduledEventId()
              : e.getActivityTaskTimedOutEventAttributes().getScheduledEventId();
          return events.stream().filter(s -> s.getEventId() == scheduledId).findFirst()
              .map(s -> s.getActivityTaskScheduledEventAttributes().getActivityType().getName()).orElse("?");
        })
        .toList();
  }

  /** When the run closed. */
  public Instant closedAt() {
    return time(events.get(events.size() - 1));
  }

  public static Instant time(HistoryEvent event) {
    return Instant.ofEpochSecond(event.getEventTime().getSeconds(), event.getEventTime().getNanos());
  }

  /** The first event of a type. */
  public Optional<HistoryEvent> first(EventType type) {
    return events.stream().filter(e -> e.getEventType() == type).findFirst();
  }
}
