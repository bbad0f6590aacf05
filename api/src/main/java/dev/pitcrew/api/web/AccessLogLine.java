package dev.pitcrew.api.web;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One access log line. Only what is safe to keep in logs: query parameter values, path parameters
 * ({@code ;jsessionid=...}), headers and bodies can carry secrets and are never written; anything the client chose
 * is stripped of control characters so it cannot forge extra lines.
 */
record AccessLogLine(
    String method, String rawPath, String rawQuery, int status, long millis, String principal, String address,
    long bytesIn) {
  private static final int MAX_FIELD = 256;

  String format() {
    StringBuilder line = new StringBuilder(160)
        .append("method=").append(clean(method))
        .append(" path=").append(pathWithoutParameters(rawPath));
    Set<String> names = queryNames(rawQuery);
    if (!names.isEmpty()) {
      line.append(" query=").append(String.join(",", names));
    }
    line.append(" status=").append(status)
        .append(" ms=").append(millis)
        .append(" principal=").append(clean(principal))
        .append(" address=").append(clean(address));
    if (bytesIn >= 0) {
      line.append(" bytesIn=").append(bytesIn);
    }
    return line.toString();
  }

  /** {@code /a;jsessionid=x/b} → {@code /a/b}: path parameters are where session ids travel. */
  static String pathWithoutParameters(String rawPath) {
    if (rawPath == null) {
      return "-";
    }
    return clean(rawPath.replaceAll(";[^/]*", ""));
  }

  /** The names of the query parameters, in order and once each; never their values. */
  static Set<String> queryNames(String rawQuery) {
    Set<String> names = new LinkedHashSet<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return names;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      if (!name.isEmpty()) {
        names.add(clean(name).replace(',', '_'));
      }
    }
    return names;
  }

  private static String clean(String value) {
    if (value == null || value.isEmpty()) {
      return "-";
    }
    StringBuilder safe = new StringBuilder(Math.min(value.length(), MAX_FIELD));
    for (int i = 0; i < value.length() && i < MAX_FIELD; i++) {
      char c = value.charAt(i);
      safe.append(Character.isISOControl(c) || Character.isWhitespace(c) ? '_' : c);
    }
    return safe.toString();
  }
}
