package dev.pitcrew.api.hooks;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.activities.jira.JiraProperties;
import dev.pitcrew.api.problem.ApiException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** The settings side of webhook authentication; the HTTP side is in {@link JiraWebhookTest}. */
class JiraWebhookAuthenticatorTest {
  private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);

  private static JiraWebhookAuthenticator with(String secret, boolean signatureRequired) {
    return new JiraWebhookAuthenticator(new JiraProperties(null, null, null, secret, signatureRequired, "OPS", "Task", "Task", "Relates", java.time.Duration.ofSeconds(30)));
  }

  @Test
  void withoutASecretEveryDeliveryIsRefusedNamingTheSetting() {
    ApiException refused = catchThrowableOfType(ApiException.class,
        () -> with(null, false).authenticate("anything", null, BODY));

    assertThat(refused.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(refused.getMessage()).contains("PITCREW_JIRA_WEBHOOKSECRET");
    assertThat(with("  ", false)).satisfies(blank -> assertThat(catchThrowableOfType(ApiException.class,
        () -> blank.authenticate("  ", null, BODY)).status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
  }

  @Test
  void whenASignatureIsRequiredThePlainSecretIsNotEnough() {
    ApiException refused = catchThrowableOfType(ApiException.class,
        () -> with("s3cret", true).authenticate("s3cret", null, BODY));

    assertThat(refused.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(refused.getMessage()).contains("X-Hub-Signature").doesNotContain("s3cret");
    assertThatCode(() -> with("s3cret", false).authenticate("s3cret", null, BODY)).doesNotThrowAnyException();
  }

  @Test
  void aMalformedSignatureIsRefusedEvenWithTheRightSecret() {
    ApiException refused = catchThrowableOfType(ApiException.class,
        () -> with("s3cret", false).authenticate("s3cret", "sha1=abc", BODY));

    assertThat(refused.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(refused.getMessage()).contains("sha256=");
  }
}
