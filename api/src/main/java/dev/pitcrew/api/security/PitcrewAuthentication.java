package dev.pitcrew.api.security;

import java.util.Collection;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A caller proven by a bearer credential (API token, IdP-issued JWT, the Prometheus scrape token): the roles are
 * fixed when the credential is checked, once per request.
 */
public final class PitcrewAuthentication extends AbstractAuthenticationToken {
  private static final String ROLE_PREFIX = "ROLE_";

  private final Caller caller;

  public PitcrewAuthentication(Caller caller) {
    super(caller.roles().stream().map(role -> new SimpleGrantedAuthority(ROLE_PREFIX + role)).toList());
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

  /** The Pitcrew roles among granted authorities ({@code ROLE_<name>}), whoever granted them. */
  static List<String> roleNames(Collection<? extends GrantedAuthority> authorities) {
    return authorities.stream().map(GrantedAuthority::getAuthority)
        .filter(authority -> authority.startsWith(ROLE_PREFIX))
        .map(authority -> authority.substring(ROLE_PREFIX.length()))
        .toList();
  }
}
