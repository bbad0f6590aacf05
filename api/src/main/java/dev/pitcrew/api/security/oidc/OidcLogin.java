package dev.pitcrew.api.security.oidc;

import dev.pitcrew.api.security.RoleCatalog;
import dev.pitcrew.api.security.accounts.BrowserSessions;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.logout.LogoutSuccessHandler;
import org.springframework.stereotype.Component;

/**
 * OIDC login (authorization code + PKCE, for confidential clients too) against the issuer in
 * {@code pitcrew.security.oidc}, and logout that also ends the IdP session (RP-initiated logout) when the IdP
 * supports it.
 */
@Component
public class OidcLogin {
  static final String AUTHORIZATION_BASE = "/oauth2/authorization";

  private final OidcLoginProperties settings;
  private final IssuerClientRegistrations registrations;
  private final OidcRoleMapping users;
  private final BrowserSessions sessions;

  OidcLogin(OidcLoginProperties settings, RoleCatalog roles, BrowserSessions sessions) {
    this.settings = settings;
    this.registrations = new IssuerClientRegistrations(settings);
    this.users = new OidcRoleMapping(settings, roles);
    this.sessions = sessions;
  }

  public boolean enabled() {
    return settings.enabled();
  }

  /** The paths the login flow needs before anyone is authenticated. */
  public String[] openPaths() {
    return new String[] {AUTHORIZATION_BASE + "/**", "/login/oauth2/code/**"};
  }

  public void configure(HttpSecurity http) throws Exception {
    DefaultOAuth2AuthorizationRequestResolver withPkce =
        new DefaultOAuth2AuthorizationRequestResolver(registrations, AUTHORIZATION_BASE);
    withPkce.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
    http.oauth2Login(login -> login
        // Our own page: without it Spring would generate a login page at /login.
        .loginPage("/login")
        .clientRegistrationRepository(registrations)
        // The authorized client lives in the (PostgreSQL) session, so every replica sees it.
        .authorizedClientRepository(new HttpSessionOAuth2AuthorizedClientRepository())
        .authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(withPkce))
        .userInfoEndpoint(userInfo -> userInfo.oidcUserService(users))
        .successHandler(new StartSession(sessions))
        .failureUrl("/login?error=oidc"));
  }

  /** After logout, ends the IdP session too and comes back to the login page. */
  public LogoutSuccessHandler logoutSuccess() {
    OidcClientInitiatedLogoutSuccessHandler handler = new OidcClientInitiatedLogoutSuccessHandler(registrations);
    handler.setPostLogoutRedirectUri("{baseUrl}/login?logout");
    handler.setDefaultTargetUrl("/login?logout");
    return handler;
  }

  /** Starts the session's absolute timeout at the OIDC login, then goes where the person was going. */
  private static final class StartSession extends SavedRequestAwareAuthenticationSuccessHandler {
    private final BrowserSessions sessions;

    StartSession(BrowserSessions sessions) {
      this.sessions = sessions;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
        Authentication authentication) throws ServletException, IOException {
      sessions.loggedIn(request.getSession());
      super.onAuthenticationSuccess(request, response, authentication);
    }
  }
}
