package dev.pitcrew.api.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A caller proven by a bearer credential (API token, IdP-issued JWT, the Prometheus scrape token): the roles are
 * fixed when the credential is checked, once per request.
 */
public final class PitcrewAuthentication extends AbstractAuthenticationToken {
  private final Caller caller;

  public PitcrewAuthentication(Caller caller) {
    super(caller.roles().stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r)).toList());
    this.caller = caller;
    setAuthenticated(true);
  }

  public Caller caller() {
    return caller;
  }

  @Override
  public Object getCredentials() {
    return null; // Never kept: the token was only hashed to find it.
  }

  @Override
  public Object getPrincipal() {
    return caller.identity();
  }

  @Override
  public String getName() {
    return caller.identity();
  }

  static List<String> roleNames(java.util.Collection<? extends org.springframework.security.core.GrantedAuthority> a) {
    return a.stream().map(org.springframework.security.core.GrantedAuthority::getAuthority)
        .filter(x -> x.startsWith("ROLE_")).map(x -> x.substring(5)).toList();
  }
}
