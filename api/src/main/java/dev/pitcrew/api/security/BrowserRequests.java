package dev.pitcrew.api.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Which requests must carry a CSRF token: state-changing requests a browser could have been tricked into sending.
 * That is any that rides on a session cookie, and any that looks like an HTML form or a cross-site request even
 * without one (so a forged form is refused 403 whether or not the victim is logged in). A script or CI job that
 * authenticates with a bearer token cannot be forged this way, and a plain API call without credentials is
 * answered 401 by authentication instead.
 */
final class BrowserRequests implements RequestMatcher {
  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
  /** The content types an HTML form (or a no-preflight cross-site fetch) can send. */
  private static final Set<String> FORM_TYPES =
      Set.of("application/x-www-form-urlencoded", "multipart/form-data", "text/plain");

  @Override
  public boolean matches(HttpServletRequest request) {
    if (SAFE.contains(request.getMethod())) {
      return false;
    }
    String authorization = request.getHeader("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return ridesOnSession(request) || looksLikeForm(request) || crossSite(request);
  }

  private static boolean ridesOnSession(HttpServletRequest request) {
    if (request.getCookies() == null) {
      return false;
    }
    for (var cookie : request.getCookies()) {
      if ("SESSION".equals(cookie.getName()) || "JSESSIONID".equals(cookie.getName())) {
        return true;
      }
    }
    return false;
  }

  private static boolean looksLikeForm(HttpServletRequest request) {
    String type = request.getContentType();
    if (type == null) {
      return false;
    }
    String bare = type.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
    return FORM_TYPES.contains(bare);
  }

  private static boolean crossSite(HttpServletRequest request) {
    return "cross-site".equals(request.getHeader("Sec-Fetch-Site"));
  }
}
