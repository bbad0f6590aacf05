package dev.pitcrew.api.security.accounts;

import dev.pitcrew.api.security.oidc.OidcLoginProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The browser login of local accounts: password, then TOTP. The first login of an account enrols its
 * authenticator app (mandatory, the bootstrap admin included) and shows its recovery codes once. Failures always
 * read the same, whether the account exists, is locked or the password is wrong.
 */
@Controller
class LoginPages {
  static final String REFUSED = "Wrong username or password, or the account is locked for a while.";

  private final LocalLogin login;
  private final BrowserSessions sessions;
  private final SecretCipher cipher;
  private final OidcLoginProperties oidc;

  LoginPages(LocalLogin login, BrowserSessions sessions, SecretCipher cipher, OidcLoginProperties oidc) {
    this.login = login;
    this.sessions = sessions;
    this.cipher = cipher;
    this.oidc = oidc;
  }

  @GetMapping("/login")
  ResponseEntity<String> loginForm(HttpServletRequest request, CsrfToken csrf,
      @RequestParam(required = false) String error, @RequestParam(required = false) String logout) {
    if (signedIn()) {
      return redirect("/");
    }
    Optional<LocalAccount> pending = pendingAccount(request);
    if (pending.isPresent()) {
      return redirect(pending.get().enrolled() ? "/mfa/verify" : "/mfa/enrol");
    }
    StringBuilder body = new StringBuilder();
    if (error != null) {
      body.append(LoginHtml.message(
          "oidc".equals(error) ? "The sign-in with your identity provider failed." : REFUSED));
    }
    if (logout != null) {
      body.append(LoginHtml.message("You are signed out."));
    }
    body.append(LoginHtml.form("/login", csrf,
        LoginHtml.field("Username", "username", "text", "username")
            + LoginHtml.field("Password", "password", "password", "current-password"), "Sign in"));
    if (oidc.enabled()) {
      body.append("<p><a href=\"/oauth2/authorization/").append(OidcLoginProperties.REGISTRATION_ID)
          .append("\">Sign in with ").append(LoginHtml.text(oidc.displayName())).append("</a></p>\n");
    }
    return LoginHtml.page("Sign in", body.toString());
  }

  @PostMapping("/login")
  ResponseEntity<String> password(HttpServletRequest request, @RequestParam(required = false) String username,
      @RequestParam(required = false) String password) {
    Optional<LocalAccount> account = login.checkPassword(username, password);
    if (account.isEmpty()) {
      return redirect("/login?error");
    }
    sessions.passwordAccepted(request, account.get().id());
    return redirect(account.get().enrolled() ? "/mfa/verify" : "/mfa/enrol");
  }

  @GetMapping("/mfa/enrol")
  ResponseEntity<String> enrolForm(HttpServletRequest request, CsrfToken csrf,
      @RequestParam(required = false) String error) {
    Optional<LocalAccount> pending = pendingAccount(request);
    if (pending.isEmpty()) {
      return redirect("/login");
    }
    if (pending.get().enrolled()) {
      return redirect("/mfa/verify");
    }
    if (!cipher.available()) {
      return LoginHtml.page("Two-factor authentication", LoginHtml.message("This Pitcrew has no encryption key "
          + "(PITCREW_SECURITY_ENCRYPTIONKEY), so local accounts cannot enrol TOTP. Ask your administrator."));
    }
    LocalLogin.Enrolment enrolment = login.beginEnrolment(pending.get().id());
    String body = (error != null ? LoginHtml.message("That code was not right. Try the current one.") : "")
        + "<p>Pitcrew requires a second factor. Scan this code with an authenticator app (any TOTP app), "
        + "then enter the 6-digit code it shows.</p>\n"
        + "<p><img alt=\"TOTP enrolment QR code\" width=\"220\" height=\"220\" src=\"" + enrolment.qrDataUri()
        + "\"></p>\n<p>Or enter this key by hand: <code id=\"totp-secret\">" + LoginHtml.text(enrolment.secret())
        + "</code></p>\n"
        + LoginHtml.form("/mfa/enrol", csrf, LoginHtml.field("Code", "code", "text", "one-time-code"), "Confirm");
    return LoginHtml.page("Set up two-factor authentication", body);
  }

  @PostMapping("/mfa/enrol")
  ResponseEntity<String> enrol(HttpServletRequest request, HttpServletResponse response,
      @RequestParam(required = false) String code) {
    Optional<LocalAccount> pending = pendingAccount(request);
    if (pending.isEmpty()) {
      return redirect("/login");
    }
    Optional<List<String>> recoveryCodes = login.confirmEnrolment(pending.get().id(), code);
    if (recoveryCodes.isEmpty()) {
      return retry(request, pending.get().id(), "/mfa/enrol?error");
    }
    sessions.completeLocalLogin(request, response, login.usable(pending.get().id()).orElseThrow());
    StringBuilder list = new StringBuilder("<ol id=\"recovery-codes\">\n");
    recoveryCodes.get().forEach(c -> list.append("<li><code>").append(LoginHtml.text(c)).append("</code></li>\n"));
    list.append("</ol>\n");
    return LoginHtml.page("Your recovery codes",
        "<p>Two-factor authentication is on. Keep these recovery codes somewhere safe: each one signs you in once "
            + "if you lose your authenticator. They are shown only now.</p>\n" + list
            + "<p><a href=\"/\">Continue to Pitcrew</a></p>");
  }

  @GetMapping("/mfa/verify")
  ResponseEntity<String> verifyForm(HttpServletRequest request, CsrfToken csrf,
      @RequestParam(required = false) String error) {
    Optional<LocalAccount> pending = pendingAccount(request);
    if (pending.isEmpty()) {
      return redirect("/login");
    }
    if (!pending.get().enrolled()) {
      return redirect("/mfa/enrol");
    }
    String body = (error != null ? LoginHtml.message("That code was not accepted.") : "")
        + LoginHtml.form("/mfa/verify", csrf,
            LoginHtml.field("Code from your authenticator app, or a recovery code", "code", "text", "one-time-code"),
            "Verify");
    return LoginHtml.page("Two-factor authentication", body);
  }

  @PostMapping("/mfa/verify")
  ResponseEntity<String> verify(HttpServletRequest request, HttpServletResponse response,
      @RequestParam(required = false) String code) {
    Optional<LocalAccount> pending = pendingAccount(request);
    if (pending.isEmpty()) {
      return redirect("/login");
    }
    if (!login.verify(pending.get().id(), code)) {
      return retry(request, pending.get().id(), "/mfa/verify?error");
    }
    sessions.completeLocalLogin(request, response, login.usable(pending.get().id()).orElseThrow());
    return redirect("/");
  }

  /**
   * A sign-out button (logout is a CSRF-protected POST; Spring Security answers it). A login that went through the
   * IdP is ended there too.
   */
  @GetMapping("/logout")
  ResponseEntity<String> logoutForm(CsrfToken csrf) {
    return LoginHtml.page("Sign out", LoginHtml.form("/logout", csrf, "", "Sign out"));
  }

  /** A wrong code: try again, unless it locked the account (then the login starts over, and is refused). */
  private ResponseEntity<String> retry(HttpServletRequest request, long accountId, String again) {
    if (login.usable(accountId).isEmpty()) {
      sessions.forgetPending(request);
      return redirect("/login?error");
    }
    return redirect(again);
  }

  private Optional<LocalAccount> pendingAccount(HttpServletRequest request) {
    return sessions.pendingAccount(request).flatMap(login::usable);
  }

  private static boolean signedIn() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    return authentication != null && authentication.isAuthenticated()
        && !(authentication instanceof AnonymousAuthenticationToken);
  }

  private static ResponseEntity<String> redirect(String location) {
    return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(location)).build();
  }
}
