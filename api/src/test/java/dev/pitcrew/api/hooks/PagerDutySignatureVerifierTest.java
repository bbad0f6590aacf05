package dev.pitcrew.api.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pitcrew.api.problem.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

/** {@code X-PagerDuty-Signature} checking as PagerDuty's "Verifying Signatures" guide describes it. */
class PagerDutySignatureVerifierTest {
  private static final String BODY = PagerDutyPayloads.ping("01EVT");
  private static final byte[] BYTES = BODY.getBytes(StandardCharsets.UTF_8);

  private static PagerDutySignatureVerifier with(String... secrets) {
    return new PagerDutySignatureVerifier(new PagerDutyHookProperties(List.of(secrets), DataSize.ofMegabytes(1)));
  }

  private static ApiException refused(PagerDutySignatureVerifier verifier, String header) {
    return catchThrowableOfType(ApiException.class, () -> verifier.verify(header, BYTES));
  }

  @Test
  void aSignatureUnderAConfiguredSecretIsAccepted() {
    assertThatCode(() -> with("s1").verify(PagerDutyPayloads.signature("s1", BODY), BYTES)).doesNotThrowAnyException();
    assertThatCode(() -> with("old", "new").verify(PagerDutyPayloads.signature("new", BODY), BYTES))
        .as("any configured secret").doesNotThrowAnyException();
  }

  @Test
  void anyOfSeveralSignaturesMayMatchAndOtherVersionsAreSkipped() {
    String header = "v2=whatever-a-future-version-is," + PagerDutyPayloads.signature("retired", BODY) + ", "
        + PagerDutyPayloads.signature("current", BODY);

    assertThatCode(() -> with("current").verify(header, BYTES)).doesNotThrowAnyException();
  }

  @Test
  void wrongMissingAndMalformedSignaturesAreUnauthorizedWithoutEchoingSecrets() {
    PagerDutySignatureVerifier verifier = with("current-secret");

    ApiException wrong = refused(verifier, PagerDutyPayloads.signature("other", BODY));
    assertThat(wrong.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(wrong.getMessage()).contains("PITCREW_HOOKS_PAGERDUTY_SECRETS").doesNotContain("current-secret");
    assertThat(refused(verifier, null).getMessage()).contains("missing");
    assertThat(refused(verifier, "v1=nothex").status()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(refused(verifier, "sha256=" + "a".repeat(64)).getMessage()).contains("v1=");
    assertThat(refused(verifier, "v2=abc").getMessage()).contains("no v1 signature");
    assertThat(refused(verifier, PagerDutyPayloads.signature("current-secret", BODY) + ",,").status())
        .as("an empty element is malformed, even next to a good signature").isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void withoutASecretEveryDeliveryIsRefusedNamingTheSetting() {
    ApiException refused = refused(with(), PagerDutyPayloads.signature("x", BODY));

    assertThat(refused.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(refused.getMessage()).contains("PITCREW_HOOKS_PAGERDUTY_SECRETS");
  }
}
