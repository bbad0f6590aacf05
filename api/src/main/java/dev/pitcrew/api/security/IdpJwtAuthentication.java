package dev.pitcrew.api.security;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.stereotype.Component;

/**
 * JWT bearer tokens the studio's IdP issues (resource server): signature from the issuer's published keys, issuer,
 * audience (when configured) and expiry are checked. The person is the configured identity claim; their roles are
 * the IdP groups mapped to Pitcrew roles plus whatever Pitcrew itself grants that identity.
 */
@Component
class IdpJwtAuthentication {
  private final SecurityProperties.Jwt settings;
  private final RoleCatalog roles;
  private final JwtDecoder decoder;

  IdpJwtAuthentication(SecurityProperties properties, RoleCatalog roles) {
    this.settings = properties.jwt();
    this.roles = roles;
    // Lazy: the IdP's discovery document is read on the first token, so an IdP outage never stops start-up.
    this.decoder = settings.issuerUri() == null ? null : new SupplierJwtDecoder(this::decoder);
  }

  boolean enabled() {
    return decoder != null;
  }

  Authentication authenticate(String token) {
    Jwt jwt;
    try {
      jwt = decoder.decode(token);
    } catch (JwtException e) {
      throw new BadCredentialsException("The bearer token was refused: " + e.getMessage(), e);
    }
    String identity = jwt.getClaimAsString(settings.identityClaim());
    if (identity == null || identity.isBlank()) {
      identity = "oidc:" + jwt.getSubject();
    }
    Set<String> granted = new LinkedHashSet<>(roles.rolesOf(identity, "oidc:" + jwt.getSubject()));
    granted.addAll(IdpRoles.map(claimValues(jwt.getClaim(settings.rolesClaim())), settings.roleMapping(),
        roles.roles().keySet()));
    return new PitcrewAuthentication(new Caller(identity, Channel.REST, granted, Set.of()));
  }

  private JwtDecoder decoder() {
    NimbusJwtDecoder nimbus = (NimbusJwtDecoder) JwtDecoders.fromIssuerLocation(settings.issuerUri());
    OAuth2TokenValidator<Jwt> withIssuer = JwtValidators.createDefaultWithIssuer(settings.issuerUri());
    nimbus.setJwtValidator(settings.audience() == null
        ? withIssuer
        : new DelegatingOAuth2TokenValidator<>(withIssuer, new JwtClaimValidator<List<String>>(
            "aud", aud -> aud != null && aud.contains(settings.audience()))));
    return nimbus;
  }

  static List<String> claimValues(Object claim) {
    return IdpRoles.claimValues(claim);
  }
}
