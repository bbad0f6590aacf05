package dev.pitcrew.api.security.accounts;

import dev.pitcrew.api.security.BrowserLogin;
import dev.pitcrew.api.security.oidc.OidcLogin;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.authentication.logout.SimpleUrlLogoutSuccessHandler;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.stereotype.Component;

/**
 * Browser login: local accounts (password + mandatory TOTP, {@link LoginPages}) and, when an issuer is configured,
 * OIDC. Sessions live in PostgreSQL (Spring Session JDBC) with an idle and an absolute timeout; {@code POST /logout}
 * ends them (and the IdP session for OIDC logins).
 */
@Component
class AccountsBrowserLogin implements BrowserLogin {
  private final BrowserSessions sessions;
  private final OidcLogin oidc;

  AccountsBrowserLogin(BrowserSessions sessions, OidcLogin oidc) {
    this.sessions = sessions;
    this.oidc = oidc;
  }

  @Override
  public String[] openPaths() {
    List<String> open = new ArrayList<>(List.of("/login", "/mfa/enrol", "/mfa/verify"));
    if (oidc.enabled()) {
      open.addAll(List.of(oidc.openPaths()));
    }
    return open.toArray(String[]::new);
  }

  @Override
  public void configure(HttpSecurity http) throws Exception {
    http.addFilterBefore(new AbsoluteSessionTimeout(sessions), SecurityContextHolderFilter.class);
    if (oidc.enabled()) {
      oidc.configure(http);
    }
    SimpleUrlLogoutSuccessHandler toLoginPage = new SimpleUrlLogoutSuccessHandler();
    toLoginPage.setDefaultTargetUrl("/login?logout");
    http.logout(logout -> logout
        .logoutUrl("/logout")
        .logoutSuccessHandler(oidc.enabled() ? oidc.logoutSuccess() : toLoginPage));
  }
}
