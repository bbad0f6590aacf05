package dev.pitcrew.api.security.accounts;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * The browser session's life: half-way through a local login it holds only which account passed its password
 * (never an Authentication, so a password-only session is anonymous to the API and the console); after the
 * second factor (or an OIDC login) it holds the Authentication and the login time the absolute timeout counts from.
 */
@Component
public class BrowserSessions {
  /** Session attribute: the id of the account that passed its password and owes its second factor. */
  static final String PENDING_ACCOUNT = "pitcrew.login.pending-account";
  /** Session attribute: epoch second of the completed login. */
  public static final String LOGIN_AT = "pitcrew.login.at";

  private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
  private final AccountProperties settings;
  private final Clock clock = Clock.systemUTC();

  BrowserSessions(AccountProperties settings) {
    this.settings = settings;
  }

  /** The password was right: a fresh session id (no fixation) remembers the account until its second factor. */
  void passwordAccepted(HttpServletRequest request, long accountId) {
    HttpSession session = request.getSession();
    request.changeSessionId();
    session.setAttribute(PENDING_ACCOUNT, accountId);
  }

  Optional<Long> pendingAccount(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    return session == null ? Optional.empty()
        : Optional.ofNullable((Long) session.getAttribute(PENDING_ACCOUNT));
  }

  void forgetPending(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.removeAttribute(PENDING_ACCOUNT);
    }
  }

  /** Both factors are proven: the session now authenticates as the account's identity. */
  void completeLocalLogin(HttpServletRequest request, HttpServletResponse response, LocalAccount account) {
    forgetPending(request);
    request.changeSessionId();
    Authentication authentication =
        UsernamePasswordAuthenticationToken.authenticated(account.identity(), null, localFactors());
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(authentication);
    SecurityContextHolder.setContext(context);
    contexts.saveContext(context, request, response);
    loggedIn(request.getSession());
  }

  /**
   * The factors a local login proved, as Spring Security 7's factor authorities ({@code FACTOR_PASSWORD},
   * {@code FACTOR_TOTP}, each with when it was proven), so multi-factor authorization rules can read them.
   */
  private static List<GrantedAuthority> localFactors() {
    return List.of(FactorGrantedAuthority.fromAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY),
        FactorGrantedAuthority.fromFactor("TOTP"));
  }

  /** Starts the absolute timeout and sets the idle timeout of a session that has just logged in. */
  public void loggedIn(HttpSession session) {
    session.setAttribute(LOGIN_AT, clock.instant().getEpochSecond());
    session.setMaxInactiveInterval((int) settings.sessions().idleTimeout().toSeconds());
  }

  /** Whether the session's login is older than the absolute timeout. */
  boolean expired(HttpSession session) {
    Object loginAt = session.getAttribute(LOGIN_AT);
    return loginAt instanceof Long epochSecond
        && Instant.ofEpochSecond(epochSecond).plus(settings.sessions().absoluteTimeout()).isBefore(clock.instant());
  }
}
