package dev.pitcrew.api.security.accounts;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a session a fixed time after its login however active it is (the idle timeout alone would let a busy or
 * stolen session live for ever). Runs before the security context is read, so the request continues anonymous.
 */
final class AbsoluteSessionTimeout extends OncePerRequestFilter {
  private final BrowserSessions sessions;

  AbsoluteSessionTimeout(BrowserSessions sessions) {
    this.sessions = sessions;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    HttpSession session = request.getSession(false);
    if (session != null && sessions.expired(session)) {
      session.invalidate();
    }
    chain.doFilter(request, response);
  }
}
