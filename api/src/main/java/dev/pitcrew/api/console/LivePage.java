package dev.pitcrew.api.console;

import io.swagger.v3.oas.annotations.Hidden;
import java.time.Instant;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The one live stream of a console page: server-sent events named by topic ({@link LiveTopics}). Part of the
 * console, not of the REST API reference. A page opens it with {@code since}, the moment it was read (epoch
 * milliseconds), and first hears the topics that changed since then.
 */
@Controller
@Hidden
class LivePage {
  private final LiveStreams streams;

  LivePage(LiveStreams streams) {
    this.streams = streams;
  }

  @GetMapping(path = "/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  @PreAuthorize("@access.can('read')")
  @ResponseBody
  SseEmitter live(@RequestParam(required = false) Long since) {
    return streams.open(since == null ? null : Instant.ofEpochMilli(since));
  }
}
