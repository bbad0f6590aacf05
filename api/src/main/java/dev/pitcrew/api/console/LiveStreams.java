package dev.pitcrew.api.console;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open browser streams of this replica, one per console page: {@link ChangeFeed} publishes each topic that
 * changed to all of them. A stream that cannot be written to is dropped; the browser's EventSource reconnects.
 */
@Component
class LiveStreams {
  private static final Logger log = LoggerFactory.getLogger(LiveStreams.class);
  /** A browser reconnects after this by itself; it bounds how long a vanished client keeps a slot. */
  static final Duration STREAM_LIFETIME = Duration.ofMinutes(30);

  private final Set<SseEmitter> streams = ConcurrentHashMap.newKeySet();

  SseEmitter open() {
    SseEmitter stream = new SseEmitter(STREAM_LIFETIME.toMillis());
    streams.add(stream);
    stream.onCompletion(() -> streams.remove(stream));
    stream.onTimeout(() -> streams.remove(stream));
    stream.onError(e -> streams.remove(stream));
    try {
      // Tells the browser the stream is up (htmx fires htmx:sseOpen on the open event already; this proves data flows).
      stream.send(SseEmitter.event().name("hello").data("live"));
    } catch (IOException e) {
      streams.remove(stream);
    }
    return stream;
  }

  void publish(Collection<String> topics) {
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

  int size() {
    return streams.size();
  }
}
