package dev.pitcrew.api.slack;

import dev.pitcrew.activities.slack.SlackProperties;
import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.security.HmacSha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Checks that an HTTP request comes from Slack, stricter than Bolt's own check: the {@code v0=} HMAC-SHA256 of
 * {@code v0:<timestamp>:<raw body>} under the signing secret, compared in constant time; a timestamp more than
 * the window (5 minutes) in the past <em>or in the future</em>; and no second use of a signature within the
 * window (replays are refused across all API replicas, through PostgreSQL). Failures are 401 and say why without
 * echoing anything secret.
 */
@Component
public class SlackRequestVerifier {
  private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");
  private static final Pattern SIGNATURE = Pattern.compile("v0=[0-9a-fA-F]{64}");
  private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);

  private final SlackProperties properties;
  private final JdbcClient jdbc;
  private final Clock clock;
  private final AtomicLong lastPrune = new AtomicLong();

  SlackRequestVerifier(SlackProperties properties, JdbcClient jdbc) {
    this.properties = properties;
    this.jdbc = jdbc;
    this.clock = Clock.systemUTC();
  }

  public void verify(String timestamp, String signature, byte[] body) {
    if (timestamp == null || signature == null) {
      throw rejected("the X-Slack-Request-Timestamp and X-Slack-Signature headers are required");
    }
    if (!TIMESTAMP.matcher(timestamp).matches()) {
      throw rejected("X-Slack-Request-Timestamp must be whole seconds since the epoch");
    }
    long window = properties.signatureWindow().toSeconds();
    long skew = clock.instant().getEpochSecond() - Long.parseLong(timestamp);
    if (skew > window) {
      throw rejected("the request timestamp is " + skew + "s old, more than " + window + "s: a delayed or replayed "
          + "request, or this server's clock is behind (check NTP)");
    }
    if (-skew > window) {
      throw rejected("the request timestamp is " + -skew + "s in the future, more than " + window + "s: this "
          + "server's clock is behind or the request was forged (check NTP)");
    }
    if (!SIGNATURE.matcher(signature).matches()) {
      throw rejected("X-Slack-Signature must be v0= followed by 64 hex digits");
    }
    byte[] expected = sign(timestamp, body);
    byte[] given = HexFormat.of().parseHex(signature.substring(3));
    if (!MessageDigest.isEqual(expected, given)) {
      throw rejected("the signature does not match the body under Pitcrew's signing secret "
          + "(PITCREW_SLACK_SIGNINGSECRET must be the app's Signing Secret)");
    }
    pruneNow();
    int fresh = jdbc.sql("insert into slack_request_signatures (signature) values (?) on conflict do nothing")
        .param(signature.toLowerCase())
        .update();
    if (fresh == 0) {
      throw rejected("this request was already received (same signature): replays are refused");
    }
  }

  private byte[] sign(String timestamp, byte[] body) {
    return HmacSha256.of(properties.signingSecret(), ("v0:" + timestamp + ":").getBytes(StandardCharsets.US_ASCII),
        body);
  }

  /** Signatures older than twice the window can never be accepted again (the timestamp check refuses them). */
  private void pruneNow() {
    long now = clock.millis();
    long last = lastPrune.get();
    if (now - last > PRUNE_EVERY.toMillis() && lastPrune.compareAndSet(last, now)) {
      jdbc.sql("delete from slack_request_signatures where seen_at < ?")
          .param(Timestamp.from(Instant.ofEpochMilli(now).minus(properties.signatureWindow().multipliedBy(2))))
          .update();
    }
  }

  private static ApiException rejected(String why) {
    return new ApiException(HttpStatus.UNAUTHORIZED, "Slack request rejected",
        "Not a valid Slack request: " + why + ". Nothing was run.", List.of(), Map.of());
  }
}
