package dev.pitcrew.api.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may call Pitcrew and how they prove it ({@code pitcrew.security.*}). Every secret here is only ever compared
 * or hashed, never logged or echoed.
 *
 * @param prometheusToken bearer token Prometheus presents to scrape {@code /actuator/prometheus}; unset → only
 *     API tokens with the {@code metrics.read} permission may scrape
 * @param corsAllowedOrigins origins allowed to call the API from a browser script; empty (the default) → none
 * @param bootstrap the first administrator, for cluster mode (from a Secret) and tests
 * @param jwt IdP-issued bearer tokens (resource server); off while {@code issuerUri} is unset
 * @param encryptionKey base64 of 32 random bytes: the AES-256-GCM key that encrypts TOTP secrets at rest; unset in
 *     local mode → generated once into the data directory; unset in cluster mode → local accounts cannot enrol
 */
@Validated
@ConfigurationProperties("pitcrew.security")
public record SecurityProperties(
    @Size(min = 16, message = "must be at least 16 characters") String prometheusToken,
    @NotNull @DefaultValue List<String> corsAllowedOrigins,
    @NotNull @Valid @DefaultValue Bootstrap bootstrap,
    @NotNull @Valid @DefaultValue Jwt jwt,
    @Pattern(regexp = "[A-Za-z0-9+/]{43}=", message = "must be base64 of exactly 32 bytes (openssl rand -base64 32)")
        String encryptionKey) {

  @Override
  public String toString() {
    return "SecurityProperties[prometheusToken=" + (prometheusToken == null ? "unset" : "****")
        + ", corsAllowedOrigins=" + corsAllowedOrigins + ", bootstrap=" + bootstrap + ", jwt=" + jwt
        + ", encryptionKey=" + (encryptionKey == null ? "unset" : "****") + "]";
  }

  /**
   * @param adminUsername the local account created when there is none
   * @param adminPassword its password (cluster mode: from a Secret); unset in local mode → generated and written
   *     to the data directory
   * @param adminToken an admin API token to accept from the first start (from a Secret); unset in local mode →
   *     generated and written to the data directory
   */
  public record Bootstrap(
      @NotBlank @DefaultValue("admin") String adminUsername,
      @Size(min = 12, message = "must be at least 12 characters") String adminPassword,
      @Pattern(regexp = "pct_[A-Za-z0-9_-]{28,200}",
              message = "must be 'pct_' followed by at least 28 letters, digits, '_' or '-'") String adminToken) {

    @Override
    public String toString() {
      return "Bootstrap[adminUsername=" + adminUsername + ", adminPassword=" + (adminPassword == null ? "unset" : "****")
          + ", adminToken=" + (adminToken == null ? "unset" : "****") + "]";
    }
  }

  /**
   * @param issuerUri the IdP's issuer; its discovery document gives the signing keys
   * @param audience the {@code aud} a token must carry (unset → not checked; set it in production)
   * @param identityClaim the claim that names the person ({@code email}, else {@code sub})
   * @param rolesClaim the claim listing the person's groups or roles
   * @param roleMapping IdP group or role → Pitcrew role; unmapped values that equal a Pitcrew role name count too
   */
  public record Jwt(
      String issuerUri,
      String audience,
      @NotBlank @DefaultValue("email") String identityClaim,
      @NotBlank @DefaultValue("groups") String rolesClaim,
      @NotNull @DefaultValue Map<String, String> roleMapping) {}
}
