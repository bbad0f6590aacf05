package dev.pitcrew.api.security.accounts;

import dev.pitcrew.api.console.ConsolePage;
import dev.pitcrew.api.security.oidc.OidcLoginProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The browser login of local accounts: password, then TOTP. The first login of an account enrols its
 * authenticator app (mandatory, the bootstrap admin included) and shows its recovery codes once. Failures always
 * read the same, whether the account exists, is locked or the password is wrong.
 */
@Controller
@ConsolePage
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
  String loginForm(HttpServletRequest request, Model model,
      @RequestParam(required = false) String error, @RequestParam(required = false) String logout) {
    if (signedIn()) {
      return "redirect:/";
    }
    Optional<LocalAccount> pending = pendingAccount(request);
    if (pending.isPresent()) {
      return pending.get().enrolled() ? "redirect:/mfa/verify" : "redirect:/mfa/enrol";
    }
    if (error != null) {
      model.addAttribute("message",
          "oidc".equals(error) ? "The sign-in with your identity provider failed." : REFUSED);
    }
    model.addAttribute("signedOut", logout != null);
    if (oidc.enabled()) {
      model.addAttribute("oidcName", oidc.displayName());
      model.addAttribute("oidcPath", "/oauth2/authorization/" + OidcLoginProperties.REGISTRATION_ID);
    }
    return "console/login/signin";
  }

  @PostMapping("/login")
  String password(HttpServletRequest request, @RequestParam(required = false) String username,
      @RequestParam(required = false) String password) {
    Optional<LocalAccount> account = login.checkPassword(username, password);
    if (account.isEmpty()) {
      return "redirect:/login?error";
    }
    sessions.passwordAccepted(request, account.get().id());
    return account.get().enrolled() ? "redirect:/mfa/verify" : "redirect:/mfa/enrol";
  }

  @GetMapping("/mfa/enrol")
  String enrolForm(HttpServletRequest request, Model model, @RequestParam(required = false) String error) {
    Optional<LocalAccount> pending = pendingAccount(request);
    if (pending.isEmpty()) {
      return "redirect:/login";
    }
    if (pending.get().enrolled()) {
      return "redirect:/mfa/verify";
    }
    if (!cipher.available()) {
      model.addAttribute("heading", "Two-factor authentication");
      model.addAttribute("message", "This Pitcrew has no encryption key (PITCREW_SECURITY_ENCRYPTIONKEY), so local "
          + "accounts cannot enrol TOTP. Ask your administrator.");
      return "console/login/message";
    }
    LocalLogin.Enrolment enrolment = login.beginEnrolment(pending.get().id());
    model.addAttribute("error", error != null);
    model.addAttribute("qr", enrolment.qrDataUri());
    model.addAttribute("secret", enrolment.secret());
    return "console/login/enrol";
  }

  @PostMapping("/mfa/enrol")
  String enrol(HttpServletRequest request, HttpServletResponse response, Model model,
      @RequestParam(required = false) String code) {
    Optional<LocalAccount> pending = pendingAccount(request);
    if (pending.isEmpty()) {
      return "redirect:/login";
    }
    Optional<List<String>> recoveryCodes = login.confirmEnrolment(pending.get().id(), code);
    if (recoveryCodes.isEmpty()) {
      return retry(request, pending.get().id(), "/mfa/enrol?error");
    }
    sessions.completeLocalLogin(request, response, login.usable(pending.get().id()).orElseThrow());
    model.addAttribute("codes", recoveryCodes.get());
    return "console/login/recovery";
  }

  @GetMapping("/mfa/verify")
  String verifyForm(HttpServletRequest request, Model model, @RequestParam(required = false) String error) {
    Optional<LocalAccount> pending = pendingAccount(request);
    if (pending.isEmpty()) {
      return "redirect:/login";
    }
    if (!pending.get().enrolled()) {
      return "redirect:/mfa/enrol";
    }
    model.addAttribute("error", error != null);
    return "console/login/verify";
  }

  @PostMapping("/mfa/verify")
  String verify(HttpServletRequest request, HttpServletResponse response,
      @RequestParam(required = false) String code) {
    Optional<LocalAccount> pending = pendingAccount(request);
    if (pending.isEmpty()) {
      return "redirect:/login";
    }
    if (!login.verify(pending.get().id(), code)) {
      return retry(request, pending.get().id(), "/mfa/verify?error");
    }
    sessions.completeLocalLogin(request, response, login.usable(pending.get().id()).orElseThrow());
    return "redirect:/";
  }

  /**
   * A sign-out button (logout is a CSRF-protected POST; Spring Security answers it). A login that went through the
   * IdP is ended there too.
   */
  @GetMapping("/logout")
  String logoutForm() {
    return "console/login/logout";
  }

  /** A wrong code: try again, unless it locked the account (then the login starts over, and is refused). */
  private String retry(HttpServletRequest request, long accountId, String again) {
    if (login.usable(accountId).isEmpty()) {
      sessions.forgetPending(request);
      return "redirect:/login?error";
    }
    return "redirect:" + again;
  }

  private Optional<LocalAccount> pendingAccount(HttpServletRequest request) {
    return sessions.pendingAccount(request).flatMap(login::usable);
  }

  private static boolean signedIn() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    return authentication != null && authentication.isAuthenticated()
        && !(authentication instanceof AnonymousAuthenticationToken);
  }
}
