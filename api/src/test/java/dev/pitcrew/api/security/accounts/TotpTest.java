package dev.pitcrew.api.security.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** RFC 6238's own test vectors (SHA-1, last 6 of the 8 digits) and the replay and window rules. */
class TotpTest {
  /** RFC 6238 appendix B's SHA-1 seed, "12345678901234567890". */
  static final String SEED = Totp.base32("12345678901234567890".getBytes(StandardCharsets.US_ASCII));

  @Test
  void matchesTheRfcTestVectors() {
    assertThat(Totp.code(SEED, Totp.step(Instant.ofEpochSecond(59)))).isEqualTo("287082");
    assertThat(Totp.code(SEED, Totp.step(Instant.ofEpochSecond(1111111109)))).isEqualTo("081804");
    assertThat(Totp.code(SEED, Totp.step(Instant.ofEpochSecond(2000000000)))).isEqualTo("279037");
  }

  @Test
  void acceptsOneStepEitherSideAndNeverAStepAlreadyUsed() {
    Instant now = Instant.ofEpochSecond(1111111109);
    long step = Totp.step(now);
    assertThat(Totp.matchingStep(SEED, Totp.code(SEED, step - 1), now, null)).hasValue(step - 1);
    assertThat(Totp.matchingStep(SEED, Totp.code(SEED, step + 1), now, null)).hasValue(step + 1);
    assertThat(Totp.matchingStep(SEED, Totp.code(SEED, step - 2), now, null)).isEmpty();
    assertThat(Totp.matchingStep(SEED, Totp.code(SEED, step), now, step)).isEmpty();
    assertThat(Totp.matchingStep(SEED, "12345", now, null)).isEmpty();
  }

  @Test
  void base32RoundTrips() {
    String secret = Totp.newSecret();
    assertThat(secret).hasSize(32).matches("[A-Z2-7]+");
    assertThat(Totp.base32(Totp.unbase32(secret))).isEqualTo(secret);
  }
}
