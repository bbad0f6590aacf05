package dev.pitcrew.api.incidents;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pitcrew.activities.failure.RateLimited;
import dev.pitcrew.activities.incident.EscalationPolicyRepository;
import dev.pitcrew.activities.pagerduty.PagerDutyEvent;
import dev.pitcrew.activities.pagerduty.PagerDutyEvents;
import dev.pitcrew.activities.pagerduty.PagerDutyProperties;
import dev.pitcrew.workflows.incident.EscalationPolicy;
import dev.pitcrew.workflows.incident.EscalationStep;
import dev.pitcrew.workflows.incident.EscalationTarget;
import dev.pitcrew.workflows.incident.IncidentInput;
import dev.pitcrew.workflows.incident.Page;
import dev.pitcrew.workflows.incident.PagedAtDoor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.failure.ApplicationFailure;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * An opening incident's first page, sent by the intake itself before it asks the engine to start the incident:
 * the first level's PagerDuty services, read from the same escalation policy (and the same cache) as the incident's
 * workflow reads, each triggered once through the same client and with the same event as the workflow's paging
 * activity, the incident's ID as dedup key. Whatever has not answered within {@code
 * pitcrew.incidents.page-at-door.timeout} is left to the workflow, which is told what the door reached and triggers
 * only the rest: one attempt here, every retry there. So a page leaves at the door's speed, not at the engine's,
 * and a lost engine (the start refused, the delivery answered 503) never holds a page back.
 *
 * <p>One attempt per incident at a time: a duplicate delivery arriving while the door pages (a storm of identical
 * alerts, before the incident is on record) waits for that attempt and shares its outcome instead of paging again.
 * What the door reached is remembered for a while, so a delivery Alertmanager retries after the engine refused it
 * neither pages again nor loses the fact for the run it then starts; an attempt that reached nobody is forgotten
 * at once, so the next delivery tries again. PagerDuty would merge a second trigger with the same dedup key
 * anyway (so would it one from another API replica).
 *
 * <p>A trigger the door stopped waiting for is not stopped with it (unless {@code
 * pitcrew.incidents.page-at-door.late-trigger-limit} is 0): it goes on in the background until it answers or the limit
 * runs out, so in a storm, where such a call is only queued for a core or a connection, the page leaves at the
 * call's own speed rather than the workflow's. The workflow still triggers that service (it was told the door did
 * not reach it), and PagerDuty merges the two under the incident's ID. A resolve must never be overtaken by such a
 * late trigger: a withdrawal stops the late call (and waits for it to end) before it resolves, and a late trigger
 * that lands after its incident was recorded as resolved is resolved again at once.
 */
@Service
public class FirstPageAtDoor {
  private static final Logger log = LoggerFactory.getLogger(FirstPageAtDoor.class);
  /** Alertmanager retries a refused delivery within minutes; the incident is on record long before this ends. */
  private static final Duration REMEMBERED_FOR = Duration.ofMinutes(10);

  static final String PAGED = "paged";
  static final String TIMEOUT = "timeout";
  /** A trigger the door stopped waiting for, which PagerDuty then accepted in the background. */
  static final String LATE_PAGED = "late_paged";
  /** A late trigger stopped at the limit, or by a withdrawal. */
  static final String LATE_STOPPED = "late_stopped";
  static final String LATE_FAILED = "late_failed";
  /** A late trigger that landed after its incident was resolved, resolved again. */
  static final String LATE_RESOLVED = "late_resolved";

  private final PageAtDoorProperties properties;
  private final EscalationPolicyRepository policies;
  private final PagerDutyEvents pagerDuty;
  /** Without routing keys nobody is woken (local mode): the workflow writes its pages to the outbox as ever. */
  private final boolean pagerDutyConfigured;
  private final MeterRegistry meters;
  private final Clock clock;
  /** Each read and trigger on a virtual thread of its own, so the door can stop waiting for it. */
  private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
  /** Per incident ID, the door's attempt: in flight, or done and reached someone. */
  private final Cache<String, CompletableFuture<PagedAtDoor>> attempts =
      Caffeine.newBuilder().expireAfterWrite(REMEMBERED_FOR).maximumSize(100_000).build();
  /**
   * Per incident ID, the PagerDuty services whose trigger the door stopped waiting for: PagerDuty may have taken it
   * all the same, so a withdrawal resolves them too.
   */
  private final Cache<String, List<String>> unanswered =
      Caffeine.newBuilder().expireAfterWrite(REMEMBERED_FOR).maximumSize(100_000).build();
  /** Per incident ID, the door's triggers still going on in the background after it stopped waiting for them. */
  private final Map<String, List<Trigger>> late = new ConcurrentHashMap<>();
  /** The incidents' records, to tell whether a late trigger landed after its incident was resolved (unset: never). */
  private IncidentTable incidents;

  @Autowired
  FirstPageAtDoor(PageAtDoorProperties properties, EscalationPolicyRepository policies, PagerDutyEvents pagerDuty,
      PagerDutyProperties pagerDutySettings, MeterRegistry meters) {
    this(properties, policies, pagerDuty, pagerDutySettings, meters, Clock.systemUTC());
  }

  FirstPageAtDoor(PageAtDoorProperties properties, EscalationPolicyRepository policies, PagerDutyEvents pagerDuty,
      PagerDutyProperties pagerDutySettings, MeterRegistry meters, Clock clock) {
    this.properties = properties;
    this.policies = policies;
    this.pagerDuty = pagerDuty;
    this.pagerDutyConfigured = pagerDutySettings.configured();
    this.meters = meters;
    this.clock = clock;
  }

  /** Set by the context; a door built by hand (a test's other replica) does not look late triggers up. */
  @Autowired(required = false)
  void recordsFrom(IncidentTable incidents) {
    this.incidents = incidents;
  }

  /**
   * Pages the first level of the incident {@code opening} opens under {@code incidentId}, if its severity pages
   * on call: one attempt per PagerDuty service, all within the timeout.
   *
   * @return the services PagerDuty accepted the trigger for, or null when it accepted none (or the door is off, or
   *     no routing key is configured)
   */
  public PagedAtDoor page(String incidentId, IncidentInput opening) {
    if (!properties.enabled() || !pagerDutyConfigured) {
      return null;
    }
    CompletableFuture<PagedAtDoor> mine = new CompletableFuture<>();
    CompletableFuture<PagedAtDoor> earlier = attempts.asMap().putIfAbsent(incidentId, mine);
    if (earlier != null) {
      // The first delivery for an ID decides: a later one (another alert of the same Alertmanager group, more
      // severe) joins the incident that one opened, whose severity pages or not.
      count("shared");
      return outcomeOf(earlier);
    }
    if (!opening.severity().pagesOnCall()) {
      // Remembered, not forgotten as a failed attempt is: nobody is to be paged for this incident at its opening.
      mine.complete(null);
      return null;
    }
    PagedAtDoor paged = null;
    try {
      paged = attempt(incidentId, opening);
      return paged;
    } finally {
      mine.complete(paged);
      // A trigger still going on in the background keeps the attempt: another delivery for the ID (the same
      // delivery's raise after its page ahead) shares it instead of triggering again; it is forgotten if it fails.
      if (paged == null && !late.containsKey(incidentId)) {
        attempts.asMap().remove(incidentId, mine);
      }
    }
  }

  /** Another delivery's attempt for the same incident: its outcome, waited for no longer than the door's timeout. */
  private PagedAtDoor outcomeOf(CompletableFuture<PagedAtDoor> attempt) {
    try {
      return attempt.get(properties.timeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException notKnown) {
      return null;
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private PagedAtDoor attempt(String incidentId, IncidentInput opening) {
    long deadline = System.nanoTime() + properties.timeout().toNanos();
    long now = clock.millis();
    List<String> services;
    try {
      // In a storm the policy is in memory (one read per service and policy-cache-ttl): taken here, with no thread
      // hop, which on a starved machine is one more wait for a core in front of the page. Otherwise read on a
      // thread of its own, not interrupted when late: the read then fills the cache the workflow's read comes from.
      Optional<EscalationPolicy> cached = policies.cachedForPaging(opening.service());
      EscalationPolicy policy = cached != null
          ? EscalationPolicy.forIncident(cached.orElse(null), opening.severity(), opening.service())
          : within(deadline, false, calls.submit(() -> EscalationPolicy.forIncident(
              policies.findForPaging(opening.service()).orElse(null), opening.severity(), opening.service())));
      services = policy.targetsAt(EscalationStep.FIRST, now).stream()
          .map(EscalationTarget::pagerDutyService).filter(Objects::nonNull).distinct().toList();
    } catch (DoorGaveUp gaveUp) {
      count("policy_unread");
      log.warn("Incident {}: the door could not read the escalation policy of service '{}' ({}); the incident's "
          + "workflow sends the first page", incidentId, opening.service(), gaveUp.reason);
      return null;
    }
    Map<String, Trigger> triggers = new LinkedHashMap<>();
    for (String service : services) {
      PagerDutyEvent trigger = PagerDutyEvent.trigger(Page.opening(incidentId, opening, service));
      triggers.put(service, Trigger.send(calls, service, () -> pagerDuty.send(trigger)));
    }
    boolean finishLate = properties.finishesLateTriggers();
    List<String> reached = new ArrayList<>();
    List<String> lateServices = new ArrayList<>();
    triggers.forEach((service, trigger) -> {
      try {
        within(deadline, !finishLate, trigger.call);
        count(PAGED);
        reached.add(service);
      } catch (DoorGaveUp gaveUp) {
        count(gaveUp.outcome);
        if (TIMEOUT.equals(gaveUp.outcome)) {
          lateServices.add(service);
          if (finishLate) {
            finishInBackground(incidentId, trigger, deadline, now);
          }
        }
        log.warn("Incident {}: the door's page to PagerDuty service '{}' did not go out ({}{}); the incident's "
            + "workflow sends it", incidentId, service, gaveUp.reason,
            finishLate && TIMEOUT.equals(gaveUp.outcome) ? ", the call goes on in the background" : "");
      }
    });
    if (!lateServices.isEmpty()) {
      unanswered.put(incidentId, List.copyOf(lateServices));
    }
    return reached.isEmpty() ? null : new PagedAtDoor(reached, now);
  }

  /**
   * Lets a trigger the door stopped waiting for finish, up to the late-trigger limit from the door's start; past it,
   * or when a withdrawal comes first, it is stopped. A trigger that lands after its incident was recorded as
   * resolved (the workflow's resolve overtook it) is resolved again, so no PagerDuty incident stays open.
   */
  private void finishInBackground(String incidentId, Trigger trigger, long doorDeadline, long pagedAt) {
    late.computeIfAbsent(incidentId, id -> new CopyOnWriteArrayList<>()).add(trigger);
    long limit = doorDeadline - properties.timeout().toNanos() + properties.lateTriggerLimit().toNanos();
    calls.execute(() -> {
      try {
        within(limit, true, trigger.call);
        count(LATE_PAGED);
        log.info("Incident {}: PagerDuty took the door's late page to service '{}'", incidentId, trigger.service);
        remember(incidentId, trigger, pagedAt);
        if (resolvedMeanwhile(incidentId)) {
          resolveAgain(incidentId, trigger.service);
        }
      } catch (DoorGaveUp gaveUp) {
        count(trigger.call.isCancelled() ? LATE_STOPPED : LATE_FAILED);
      } catch (CancellationException withdrawn) {
        count(LATE_STOPPED);
      } finally {
        late.computeIfPresent(incidentId, (id, triggers) -> {
          triggers.remove(trigger);
          return triggers.isEmpty() ? null : triggers;
        });
        // Reached nobody after all: forgotten, so the next delivery for the ID tries again.
        if (!late.containsKey(incidentId)) {
          attempts.asMap().computeIfPresent(incidentId,
              (id, attempt) -> attempt.isDone() && attempt.getNow(null) == null ? null : attempt);
        }
      }
    });
  }

  /**
   * A late trigger PagerDuty took: remembered with what the door reached, so a delivery that has not yet asked the
   * engine (it waited for its place in the intake) tells the workflow, which then does not trigger it again. Not
   * after a withdrawal: a resolved page must never be taken for a sent one.
   */
  private void remember(String incidentId, Trigger trigger, long pagedAt) {
    synchronized (trigger) {
      if (trigger.withdrawn) {
        return;
      }
      attempts.asMap().compute(incidentId, (id, attempt) -> {
        PagedAtDoor before = attempt != null && attempt.isDone() && !attempt.isCompletedExceptionally()
            ? attempt.getNow(null) : null;
        List<String> services = new ArrayList<>(before == null ? List.of() : before.pagerDutyServices());
        if (!services.contains(trigger.service)) {
          services.add(trigger.service);
        }
        return CompletableFuture.completedFuture(new PagedAtDoor(services, pagedAt));
      });
    }
  }

  private boolean resolvedMeanwhile(String incidentId) {
    try {
      return incidents != null && incidents.stateOf(incidentId).map("RESOLVED"::equals).orElse(false);
    } catch (RuntimeException unreadable) {
      // The workflow's own trigger and resolve come in order; only a race this rare is left unchecked.
      return false;
    }
  }

  private void resolveAgain(String incidentId, String service) {
    try {
      resolvePage(incidentId, service, System.nanoTime() + properties.timeout().toNanos(), LATE_RESOLVED);
    } catch (DoorGaveUp gaveUp) {
      log.warn("Incident {} was resolved before the door's late page to PagerDuty service '{}' landed, and that "
          + "page could not be resolved ({}); resolve it in PagerDuty", incidentId, service, gaveUp.reason);
    }
  }

  /** Stops the incident's late triggers and waits (up to the door's timeout) until their calls have ended. */
  private void stopLateTriggers(String incidentId) {
    List<Trigger> going = late.remove(incidentId);
    if (going == null) {
      return;
    }
    long deadline = System.nanoTime() + properties.timeout().toNanos();
    for (Trigger trigger : going) {
      synchronized (trigger) {
        trigger.withdrawn = true;
      }
      trigger.call.cancel(true);
      try {
        trigger.ended.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException notYet) {
        // Not started yet (a cancelled call never starts) or still unwinding: the resolve goes out regardless.
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** One trigger call of the door, and when its thread is done with it (even if cancelled while it ran). */
  private static final class Trigger {
    private final String service;
    private final Future<?> call;
    private final CompletableFuture<Void> ended;
    /** Set (under the trigger's lock) when a withdrawal stops it: its success is then not remembered. */
    private boolean withdrawn;

    private Trigger(String service, Future<?> call, CompletableFuture<Void> ended) {
      this.service = service;
      this.call = call;
      this.ended = ended;
    }

    static Trigger send(ExecutorService calls, String service, Runnable send) {
      CompletableFuture<Void> ended = new CompletableFuture<>();
      Future<?> call = calls.submit(() -> {
        try {
          send.run();
        } finally {
          ended.complete(null);
        }
      });
      return new Trigger(service, call, ended);
    }
  }

  /** The page the door sent under {@code incidentId} within the last minutes and still remembers, or null. */
  public PagedAtDoor remembered(String incidentId) {
    CompletableFuture<PagedAtDoor> attempt = attempts.getIfPresent(incidentId);
    return attempt != null && attempt.isDone() && !attempt.isCompletedExceptionally() ? attempt.getNow(null) : null;
  }

  /**
   * The door paged under an incident ID that turned out to belong to an incident that has ended (the key's records
   * had missed it), or whose alert cleared before any incident took the page: resolves those triggers again, one
   * attempt each, so no PagerDuty incident is left open that no Pitcrew incident will ever resolve. That includes
   * the triggers the door stopped waiting for, which PagerDuty may have taken; resolving a dedup key PagerDuty holds
   * no open incident for changes nothing there.
   *
   * @param paged what PagerDuty accepted from the door under that ID, or null
   */
  public void withdraw(String incidentId, PagedAtDoor paged) {
    Set<String> services = new LinkedHashSet<>();
    if (paged != null) {
      services.addAll(paged.pagerDutyServices());
    }
    List<String> late = unanswered.getIfPresent(incidentId);
    if (late != null) {
      services.addAll(late);
    }
    if (services.isEmpty()) {
      return;
    }
    // A trigger still going on in the background must not land after the resolve.
    stopLateTriggers(incidentId);
    attempts.invalidate(incidentId);
    unanswered.invalidate(incidentId);
    long deadline = System.nanoTime() + properties.timeout().toNanos();
    for (String service : services) {
      try {
        resolvePage(incidentId, service, deadline, "withdrawn");
      } catch (DoorGaveUp gaveUp) {
        log.warn("Incident {} had ended: the door's page to PagerDuty service '{}' could not be resolved ({}); "
            + "resolve it in PagerDuty", incidentId, service, gaveUp.reason);
      }
    }
  }

  /** Resolves the door's page to {@code service} by the deadline and counts {@code outcome}, or withdraw_failed. */
  private void resolvePage(String incidentId, String service, long deadline, String outcome) throws DoorGaveUp {
    PagerDutyEvent resolve = PagerDutyEvent.resolve(service, incidentId);
    try {
      within(deadline, true, calls.submit(() -> pagerDuty.send(resolve)));
      count(outcome);
    } catch (DoorGaveUp gaveUp) {
      count("withdraw_failed");
      throw gaveUp;
    }
  }

  /**
   * The call's result if it answers before the deadline; otherwise the door gives up on it and, with {@code
   * interrupt}, stops it (interrupting a virtual thread blocked on a socket closes that socket, so no connection to a
   * slow PagerDuty stays held).
   */
  private static <T> T within(long deadline, boolean interrupt, Future<T> call) throws DoorGaveUp {
    try {
      return call.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException late) {
      // Without interrupt the call is left alone (not even marked cancelled): it goes on, and may be waited for again.
      if (interrupt) {
        call.cancel(true);
      }
      throw new DoorGaveUp(TIMEOUT, "no answer within the door's timeout");
    } catch (InterruptedException interrupted) {
      if (interrupt) {
        call.cancel(true);
      }
      Thread.currentThread().interrupt();
      throw new DoorGaveUp(TIMEOUT, "interrupted");
    } catch (ExecutionException failed) {
      throw DoorGaveUp.because(failed.getCause());
    }
  }

  private void count(String outcome) {
    Counter.builder("pitcrew.page.at.door")
        .description("First pages the intake sent (or tried) itself before starting the incident, by outcome")
        .tag("outcome", outcome)
        .register(meters)
        .increment();
  }

  @PreDestroy
  void close() {
    calls.shutdownNow();
  }

  /** Why the door left a call to the workflow; the reason names no secret (routing keys never reach a message). */
  private static final class DoorGaveUp extends Exception {
    private final String outcome;
    private final String reason;

    DoorGaveUp(String outcome, String reason) {
      super(reason, null, false, false);
      this.outcome = outcome;
      this.reason = reason;
    }

    static DoorGaveUp because(Throwable failure) {
      if (failure instanceof ApplicationFailure vendor) {
        String outcome = switch (vendor.getType()) {
          case RateLimited.TYPE -> "rate_limited";
          case "PagerDutyUnavailable" -> "unavailable";
          case "PagerDutyRejected", "PagerDutyNotConfigured" -> "rejected";
          default -> "failed";
        };
        return new DoorGaveUp(outcome, vendor.getOriginalMessage());
      }
      // Anything else (the outbox's database, a library error): its type only, as its message may quote the request.
      return new DoorGaveUp("failed", failure == null ? "unknown failure" : failure.getClass().getSimpleName());
    }
  }
}
