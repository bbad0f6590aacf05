package dev.pitcrew.api.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The path a request is routed by, as the servlet container decoded and normalised it (no {@code ;params}, no
 * {@code //} or {@code ..}), so {@code /login;x} or {@code //login} cannot slip past a rule written for
 * {@code /login}.
 */
final class RequestPath {
  private RequestPath() {}

  static String of(HttpServletRequest request) {
    String servletPath = request.getServletPath();
    String pathInfo = request.getPathInfo();
    String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
    return path.isEmpty() ? "/" : path;
  }

  /** {@code prefix} itself or anything below it: {@code /login} matches {@code /login/otp}, not {@code /loginx}. */
  static boolean isUnder(String path, String prefix) {
    return path.equals(prefix) || path.startsWith(prefix + "/");
  }
}
