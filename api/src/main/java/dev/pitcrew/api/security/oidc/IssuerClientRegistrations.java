package dev.pitcrew.api.security.oidc;

import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

/**
 * The one OIDC client registration, built from the issuer's discovery document on first use rather than at
 * start-up: an IdP outage must never stop Pitcrew from starting (API tokens and local accounts keep working). A
 * failed discovery is retried on the next login.
 */
final class IssuerClientRegistrations implements ClientRegistrationRepository {
  private static final Logger log = LoggerFactory.getLogger(IssuerClientRegistrations.class);

  private final OidcLoginProperties settings;
  private final AtomicReference<ClientRegistration> registration = new AtomicReference<>();

  IssuerClientRegistrations(OidcLoginProperties settings) {
    this.settings = settings;
  }

  @Override
  public ClientRegistration findByRegistrationId(String registrationId) {
    if (!OidcLoginProperties.REGISTRATION_ID.equals(registrationId)) {
      return null;
    }
    ClientRegistration known = registration.get();
    if (known != null) {
      return known;
    }
    try {
      ClientRegistration discovered = discover();
      registration.compareAndSet(null, discovered);
      return registration.get();
    } catch (RuntimeException e) {
      log.warn("Cannot read the OIDC discovery document of {}: {}", settings.issuerUri(), e.getMessage());
      throw e;
    }
  }

  private ClientRegistration discover() {
    boolean confidential = settings.clientSecret() != null && !settings.clientSecret().isBlank();
    return ClientRegistrations.fromIssuerLocation(settings.issuerUri())
        .registrationId(OidcLoginProperties.REGISTRATION_ID)
        .clientId(settings.clientId())
        .clientSecret(confidential ? settings.clientSecret() : null)
        .clientAuthenticationMethod(confidential
            ? ClientAuthenticationMethod.CLIENT_SECRET_BASIC : ClientAuthenticationMethod.NONE)
        .scope(settings.scopes())
        .userNameAttributeName(settings.identityClaim())
        .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
        .clientName(settings.displayName())
        .build();
  }
}
