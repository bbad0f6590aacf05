package dev.pitcrew.api.console;

import dev.pitcrew.api.security.Access;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.util.HtmlUtils;

/** Adds {@code console} ({@link ConsoleView}) to the model of every {@link ConsolePage} controller. */
@ControllerAdvice(annotations = ConsolePage.class)
class ConsoleModel {
  private final Access access;

  ConsoleModel(Access access) {
    this.access = access;
  }

  @ModelAttribute("console")
  ConsoleView console(HttpServletRequest request) {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    boolean signedIn = authentication != null && authentication.isAuthenticated()
        && !(authentication instanceof AnonymousAuthenticationToken);
    String headers = null;
    if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken csrf) {
      // A JSON object for hx-headers; the token is URL-safe base64, the header name Spring Security's own.
      headers = "{\"" + csrf.getHeaderName() + "\": \"" + HtmlUtils.htmlEscape(csrf.getToken()) + "\"}";
    }
    return signedIn
        ? new ConsoleView(true, access.identity(), headers, access::allows)
        : new ConsoleView(false, null, headers, permission -> false);
  }
}
