package dev.pitcrew.api.security.oidc;

import dev.pitcrew.api.security.IdpRoles;
import dev.pitcrew.api.security.RoleCatalog;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Turns the person the IdP vouches for into a Pitcrew principal: its name is the identity claim (email by
 * default), and the IdP groups in the roles claim become {@code ROLE_<role>} authorities through the role mapping,
 * which {@code Access} adds to what Pitcrew grants that identity itself. The IdP's login is trusted as
 * multi-factor: enforce MFA there.
 */
final class OidcRoleMapping implements OAuth2UserService<OidcUserRequest, OidcUser> {
  private final OidcUserService delegate = new OidcUserService();
  private final OidcLoginProperties settings;
  private final RoleCatalog roles;

  OidcRoleMapping(OidcLoginProperties settings, RoleCatalog roles) {
    this.settings = settings;
    this.roles = roles;
  }

  @Override
  public OidcUser loadUser(OidcUserRequest request) {
    OidcUser user = delegate.loadUser(request);
    List<GrantedAuthority> authorities = new ArrayList<>(user.getAuthorities());
    // The IdP's login counts as the whole authentication (its MFA policy applies): named like Spring Security's
    // own factor authorities, added unless Spring already did.
    String factor = FactorGrantedAuthority.AUTHORIZATION_CODE_AUTHORITY;
    if (authorities.stream().noneMatch(a -> factor.equals(a.getAuthority()))) {
      authorities.add(FactorGrantedAuthority.fromAuthority(factor));
    }
    IdpRoles.map(IdpRoles.claimValues(user.getClaims().get(settings.rolesClaim())),
            settings.roleMapping(), roles.roles().keySet())
        .forEach(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role)));
    // Without the identity claim (e.g. no email scope granted) the person is named by their subject.
    String nameClaim = user.getClaims().get(settings.identityClaim()) != null ? settings.identityClaim() : "sub";
    return new DefaultOidcUser(authorities, user.getIdToken(), user.getUserInfo(), nameClaim);
  }
}
