package dev.pitcrew.api.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import dev.pitcrew.activities.slack.SlackProperties;
import dev.pitcrew.api.audit.AuditAttributes;
import dev.pitcrew.api.problem.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Slack's HTTP endpoints. Each request is size-checked and signature-checked on its raw bytes before Bolt sees
 * it; Bolt then routes it and answers Slack's acknowledgement. Off (503) without a signing secret; not found
 * (404) in Socket Mode.
 */
@RestController
class SlackController {
  private final App app;
  private final SlackRequestParser parser;
  private final SlackRequestVerifier verifier;
  private final SlackProperties properties;

  SlackController(App app, SlackRequestVerifier verifier, SlackProperties properties) {
    this.app = app;
    this.parser = new SlackRequestParser(app.config());
    this.verifier = verifier;
    this.properties = properties;
  }

  @PostMapping({"/slack/events", "/slack/commands", "/slack/interactivity"})
  ResponseEntity<String> receive(HttpServletRequest request) throws Exception {
    switch (properties.effectiveMode()) {
      case OFF -> throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Slack is not configured",
          "Pitcrew's Slack app is off: " + properties.offReason() + ". See docs/chatops.md.", List.of(), Map.of());
      case SOCKET -> throw new ApiException(HttpStatus.NOT_FOUND, "Not found",
          "Pitcrew talks to Slack over Socket Mode (PITCREW_SLACK_MODE=socket); the HTTP endpoints are off.",
          List.of(), Map.of());
      case HTTP -> { }
    }
    byte[] body = readBody(request);
    verifier.verify(
        request.getHeader("X-Slack-Request-Timestamp"), request.getHeader("X-Slack-Signature"), body);
    Request<?> slackRequest =
        parser.parse(SlackRequestParser.HttpRequest.builder()
            .requestUri(request.getRequestURI())
            .queryString(Map.of())
            .requestBody(new String(body, StandardCharsets.UTF_8))
            .headers(new RequestHeaders(headers(request)))
            .remoteAddress(request.getRemoteAddr())
            .build());
    if (slackRequest == null) {
      throw ApiException.badRequest("The body is not a Slack payload Pitcrew understands", List.of());
    }
    // Signed by Slack: the request is Slack's on behalf of this user (the Pitcrew identity is resolved later and
    // recorded with the command's outcome).
    String slackUser = slackRequest.getContext() == null ? null : slackRequest.getContext().getRequestUserId();
    request.setAttribute(AuditAttributes.PRINCIPAL, slackUser == null ? "slack" : "slack:" + slackUser);
    Response answer = app.run(slackRequest);
    return ResponseEntity.status(answer.getStatusCode())
        .header(HttpHeaders.CONTENT_TYPE, answer.getContentType())
        .body(answer.getBody() == null ? "" : answer.getBody());
  }

  /** Reads at most the configured size; a longer body is refused without being read further. */
  private byte[] readBody(HttpServletRequest request) throws IOException {
    int limit = properties.maxBodyBytes();
    if (request.getContentLengthLong() > limit) {
      throw tooLarge(limit);
    }
    try (InputStream in = request.getInputStream()) {
      byte[] body = in.readNBytes(limit + 1);
      if (body.length > limit) {
        throw tooLarge(limit);
      }
      return body;
    }
  }

  private static ApiException tooLarge(int limit) {
    return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "Request too large",
        "Slack requests are at most " + limit + " bytes here (PITCREW_SLACK_MAXBODYBYTES); nothing was run.",
        List.of(), Map.of());
  }

  private static Map<String, List<String>> headers(HttpServletRequest request) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : Collections.list(request.getHeaderNames())) {
      headers.put(name, Collections.list(request.getHeaders(name)));
    }
    return headers;
  }
}
