package dev.pitcrew.api.console;

import dev.pitcrew.api.security.Access;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
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
  private final Clock clock = Clock.systemUTC();

  ConsoleModel(Access access) {
    this.access = access;
  }

  @ModelAttribute("console")
  ConsoleView console(HttpServletRequest request) {
    // Taken before the page's controller reads anything (model attributes come first).
    Instant readAt = clock.instant();
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    boolean signedIn = authentication != null && authentication.isAuthenticated()
        && !(authentication instanceof AnonymousAuthenticationToken);
    String headers = null;
    if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken csrf) {
      // A JSON object for hx-headers; the token is URL-safe base64, the header name Spring Security's own.
      headers = "{\"" + csrf.getHeaderName() + "\": \"" + HtmlUtils.htmlEscape(csrf.getToken()) + "\"}";
    }
    // Asked once per permission and request: a board shows the same buttons on every card, and each check reads
    // the reader's roles (200 open incidents made 400 checks and a render of 400 ms before).
    Map<String, Boolean> answers = new HashMap<>();
    return signedIn
        ? new ConsoleView(true, access.identity(), headers,
            permission -> answers.computeIfAbsent(permission, access::allows), readAt)
        : new ConsoleView(false, null, headers, permission -> false, readAt);
  }
}
