package dev.pitcrew.api.security.oidc;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Browser login through the studio's IdP ({@code pitcrew.security.oidc.*}): authorization code flow with PKCE.
 * Off while {@code issuerUri} is unset. The client secret is never logged.
 *
 * @param issuerUri the IdP's issuer URL (its {@code /.well-known/openid-configuration} describes the rest)
 * @param clientId the client registered at the IdP for Pitcrew
 * @param clientSecret its secret (unset → a public client; PKCE protects the code either way)
 * @param scopes what to ask for
 * @param identityClaim the claim that names the person (their Pitcrew identity)
 * @param rolesClaim the claim listing their groups
 * @param roleMapping IdP group → Pitcrew role; a group equal to a Pitcrew role name counts as that role
 * @param displayName what the login page's button calls the IdP
 */
@Validated
@ConfigurationProperties("pitcrew.security.oidc")
public record OidcLoginProperties(
    String issuerUri,
    String clientId,
    String clientSecret,
    @NotEmpty @DefaultValue({"openid", "profile", "email"}) List<String> scopes,
    @NotBlank @DefaultValue("email") String identityClaim,
    @NotBlank @DefaultValue("groups") String rolesClaim,
    @NotNull @DefaultValue Map<String, String> roleMapping,
    @NotBlank @DefaultValue("single sign-on") String displayName) {

  /** The registration id, so the callback is {@code /login/oauth2/code/oidc} whatever the IdP. */
  public static final String REGISTRATION_ID = "oidc";

  public OidcLoginProperties {
    if (issuerUri != null && !issuerUri.isBlank() && (clientId == null || clientId.isBlank())) {
      throw new IllegalArgumentException("pitcrew.security.oidc.client-id is required with issuer-uri");
    }
  }

  public boolean enabled() {
    return issuerUri != null && !issuerUri.isBlank();
  }

  @Override
  public String toString() {
    return "OidcLoginProperties[issuerUri=" + issuerUri + ", clientId=" + clientId + ", clientSecret="
        + (clientSecret == null ? "unset" : "****") + ", scopes=" + scopes + ", identityClaim=" + identityClaim
        + ", rolesClaim=" + rolesClaim + ", roleMapping=" + roleMapping + "]";
  }
}
