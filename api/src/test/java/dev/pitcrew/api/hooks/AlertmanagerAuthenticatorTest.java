package dev.pitcrew.api.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.workflows.incident.Severity;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

/** The settings side of the Alertmanager webhook; the HTTP side is in {@link IncidentWebhooksTest}. */
class AlertmanagerAuthenticatorTest {

  private static AlertmanagerHookProperties settings(String token, String user, String password,
      Map<String, Severity> severities) {
    return new AlertmanagerHookProperties(token, user, password, AlertmanagerHookProperties.DedupMode.GROUP,
        List.of("service"), "unknown", "severity", severities, Severity.SEV3, DataSize.ofMegabytes(1));
  }

  private static AlertmanagerAuthenticator with(String token, String user, String password) {
    return new AlertmanagerAuthenticator(settings(token, user, password, null));
  }

  @Test
  void withoutCredentialsEveryDeliveryIsRefusedNamingTheSettings() {
    ApiException refused = catchThrowableOfType(ApiException.class, () -> with(null, null, null).authenticate("Bearer x"));

    assertThat(refused.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(refused.getMessage()).contains("PITCREW_HOOKS_ALERTMANAGER_BEARERTOKEN");
  }

  @Test
  void aUserNameWithoutAPasswordIsAConfigurationError() {
    assertThatThrownBy(() -> settings(null, "alertmanager", null, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("password");
  }

  @Test
  void onlyTheConfiguredSchemesAreAccepted() {
    String basic = "Basic " + Base64.getEncoder().encodeToString("am:pw".getBytes(StandardCharsets.UTF_8));

    assertThatCode(() -> with(null, "am", "pw").authenticate(basic)).doesNotThrowAnyException();
    AlertmanagerAuthenticator.Unauthorized bearerOnly = catchThrowableOfType(
        AlertmanagerAuthenticator.Unauthorized.class, () -> with("tok", null, null).authenticate(basic));
    assertThat(bearerOnly.challenges()).containsExactly("Bearer realm=\"pitcrew-alertmanager\"");
    assertThat(catchThrowableOfType(ApiException.class, () -> with("tok", null, null).authenticate("Token tok"))
        .status()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(catchThrowableOfType(ApiException.class, () -> with(null, "am", "pw").authenticate("Basic !!"))
        .getMessage()).contains("base64");
  }

  @Test
  void severityLabelsMapLiterallyThenByTheConfiguredMapThenToTheDefault() {
    AlertmanagerHookProperties properties = settings("tok-secret-9", null, null, Map.of("Page", Severity.SEV1, "info", Severity.SEV3));

    assertThat(properties.severityOf("sev1")).isEqualTo(Severity.SEV1);
    assertThat(properties.severityOf("SEV4")).isEqualTo(Severity.SEV4);
    assertThat(properties.severityOf("critical")).isEqualTo(Severity.SEV2);
    assertThat(properties.severityOf("warning")).isEqualTo(Severity.SEV3);
    assertThat(properties.severityOf("none")).isEqualTo(Severity.SEV4);
    assertThat(properties.severityOf("page")).as("configured, case-insensitive").isEqualTo(Severity.SEV1);
    assertThat(properties.severityOf("info")).as("configured overrides the default").isEqualTo(Severity.SEV3);
    assertThat(properties.severityOf("bogus")).isEqualTo(Severity.SEV3);
    assertThat(properties.severityOf(null)).isEqualTo(Severity.SEV3);
    assertThat(properties.toString()).doesNotContain("tok-secret-9");
  }
}
