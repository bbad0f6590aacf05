package dev.pitcrew.api.console;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open browser streams of this replica, one per console page: {@link ChangeFeed} publishes each topic that
 * changed to all of them. A stream that cannot be written to is dropped; the browser's EventSource reconnects.
 *
 * <p>A page is read on the server before its browser opens the stream, so a change committed in between would
 * never reach it (a new ticket's clocks started while the Support board loads, a deployment reaching its approval
 * while its page loads: the page then waits for a change that already happened). The page therefore sends the
 * moment it was read ({@code /live?since=}), and the stream starts with the topics that changed since then. This
 * replica remembers when each topic last changed; pages read before it was listening get every topic once.
 */
@Component
class LiveStreams {
  private static final Logger log = LoggerFactory.getLogger(LiveStreams.class);
  /** A browser reconnects after this by itself; it bounds how long a vanished client keeps a slot. */
  static final Duration STREAM_LIFETIME = Duration.ofMinutes(30);
  /**
   * The page may have been read on another replica, whose clock may be a little ahead: a change this close before
   * the page's moment is sent too. Costs at most one extra refresh of a fragment.
   */
  static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

  private final Set<SseEmitter> streams = ConcurrentHashMap.newKeySet();
  private final Map<String, Instant> lastChanged = new ConcurrentHashMap<>();
  private final Clock clock;
  /** Since when this replica hears every change; until the feed first listens, never. */
  private volatile Instant listeningSince = Instant.MAX;

  LiveStreams() {
    this(Clock.systemUTC());
  }

  LiveStreams(Clock clock) {
    this.clock = clock;
  }

  /** @param pageReadAt when the page was read ({@code null}: a client that wants only what comes from now on) */
  SseEmitter open(Instant pageReadAt) {
    SseEmitter stream = new SseEmitter(STREAM_LIFETIME.toMillis());
    // Registered before the catch-up is worked out: a change published meanwhile is either sent to this stream
    // or already remembered in lastChanged (publish remembers before it sends).
    streams.add(stream);
    stream.onCompletion(() -> streams.remove(stream));
    stream.onTimeout(() -> streams.remove(stream));
    stream.onError(e -> streams.remove(stream));
    try {
      // Tells the browser the stream is up (htmx fires htmx:sseOpen on the open event already; this proves data flows).
      stream.send(SseEmitter.event().name("hello").data("live"));
      for (String topic : missedSince(pageReadAt)) {
        stream.send(SseEmitter.event().name(topic).data(topic));
      }
    } catch (IOException | IllegalStateException e) {
      streams.remove(stream);
    }
    return stream;
  }

  /** The topics a page read at {@code pageReadAt} may show out of date. */
  Collection<String> missedSince(Instant pageReadAt) {
    if (pageReadAt == null) {
      return List.of();
    }
    Instant from = pageReadAt.minus(CLOCK_SKEW);
    if (from.isBefore(listeningSince)) {
      return LiveTopics.ALL;
    }
    return LiveTopics.ALL.stream()
        .filter(topic -> {
          Instant changed = lastChanged.get(topic);
          return changed != null && !changed.isBefore(from);
        })
        .toList();
  }

  /**
   * The feed listens (again): from now on every change is heard. After a lost connection, changes made meanwhile
   * went unheard, so the open pages are told that every topic changed.
   */
  void listening(boolean again) {
    listeningSince = clock.instant();
    if (again) {
      publish(LiveTopics.ALL);
    }
  }

  void publish(Collection<String> topics) {
    Instant now = clock.instant();
    topics.forEach(topic -> lastChanged.put(topic, now));
    for (SseEmitter stream : streams) {
      try {
        for (String topic : topics) {
          stream.send(SseEmitter.event().name(topic).data(topic));
        }
      } catch (IOException | IllegalStateException e) {
        log.debug("Dropping a console stream: {}", e.getMessage());
        streams.remove(stream);
        stream.completeWithError(e);
      }
    }
  }

  /** A comment line keeps proxies from closing an idle stream, and finds the streams whose browser went away. */
  void heartbeat() {
    for (SseEmitter stream : streams) {
      try {
        stream.send(SseEmitter.event().comment("keep-alive"));
      } catch (IOException | IllegalStateException e) {
        streams.remove(stream);
        stream.completeWithError(e);
      }
    }
  }

  /**
   * Ends every open stream as this replica begins to shut down (before the web server's graceful shutdown, which
   * waits for requests in flight, and a stream is one for up to {@link #STREAM_LIFETIME}): otherwise each open
   * console tab, even one whose browser had gone without the server noticing yet, held a restart up for the whole
   * shutdown timeout. The browsers reconnect, to another replica or to this one once it is back.
   */
  @EventListener(ContextClosedEvent.class)
  void endAll() {
    for (SseEmitter stream : streams) {
      streams.remove(stream);
      stream.complete();
    }
  }

  int size() {
    return streams.size();
  }
}
