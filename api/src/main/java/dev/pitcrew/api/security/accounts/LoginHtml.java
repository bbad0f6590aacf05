package dev.pitcrew.api.security.accounts;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.util.HtmlUtils;

/**
 * The login pages' markup: deliberately minimal (no script, no external assets; the console restyles them later).
 * Every form carries the session's CSRF token.
 */
final class LoginHtml {
  private LoginHtml() {}

  static ResponseEntity<String> page(String title, String body) {
    String html = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>" + text(title) + " · Pitcrew</title></head>\n<body><main>\n<h1>" + text(title) + "</h1>\n"
        + body + "\n</main></body></html>\n";
    return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
        .header("Cache-Control", "no-store").body(html);
  }

  static String form(String action, CsrfToken csrf, String fields, String submit) {
    return "<form method=\"post\" action=\"" + text(action) + "\">\n"
        + "<input type=\"hidden\" name=\"" + text(csrf.getParameterName()) + "\" value=\"" + text(csrf.getToken())
        + "\">\n" + fields + "<button type=\"submit\">" + text(submit) + "</button>\n</form>\n";
  }

  static String field(String label, String name, String type, String autocomplete) {
    return "<p><label>" + text(label) + " <input name=\"" + name + "\" type=\"" + type + "\" autocomplete=\""
        + autocomplete + "\" required></label></p>\n";
  }

  static String message(String message) {
    return "<p role=\"alert\">" + text(message) + "</p>\n";
  }

  static String text(String value) {
    return HtmlUtils.htmlEscape(value == null ? "" : value);
  }
}
