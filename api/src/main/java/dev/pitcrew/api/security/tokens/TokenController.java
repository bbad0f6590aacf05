package dev.pitcrew.api.security.tokens;

import dev.pitcrew.api.runs.RequestReader;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * API tokens for CI, scripts and a future CLI: issue one (its secret is in this answer and never again), list
 * them (never their secrets) with their last use, and revoke one. A person manages their own personal tokens;
 * service tokens, and everyone's tokens, are for admins ({@code users.admin}). The rules are {@link TokenIssuing}'s,
 * shared with the console's Settings → API tokens.
 */
@RestController
@RequestMapping("/api/v1/tokens")
class TokenController {
  private final TokenIssuing issuing;
  private final RequestReader reader;

  TokenController(TokenIssuing issuing, RequestReader reader) {
    this.issuing = issuing;
    this.reader = reader;
  }

  @PostMapping
  @PreAuthorize("@access.can('tokens.own')")
  ResponseEntity<Map<String, Object>> issue(@RequestBody JsonNode body) {
    ApiTokens.Issued issued = issuing.issue(reader.read(body, TokenRequest.class, ""));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("token", issued.secret());
    answer.put("note", "This is the only time the token is shown. Send it as 'Authorization: Bearer <token>'.");
    answer.putAll(view(issued.token()));
    return ResponseEntity.created(URI.create("/api/v1/tokens/" + issued.token().id())).body(answer);
  }

  /** Your tokens; {@code all=true} lists everyone's (admins). */
  @GetMapping
  @PreAuthorize("@access.can('tokens.own')")
  Map<String, Object> list(@RequestParam(defaultValue = "false") boolean all) {
    return Map.of("items", issuing.list(all).stream().map(TokenController::view).toList());
  }

  @DeleteMapping("/{id}")
  @PreAuthorize("@access.can('tokens.own')")
  Map<String, Object> revoke(@PathVariable String id) {
    TokenIssuing.Revoked revoked = issuing.revoke(id);
    Map<String, Object> answer = new LinkedHashMap<>(view(revoked.token()));
    answer.put("revokedNow", revoked.revokedNow());
    return answer;
  }

  private static Map<String, Object> view(ApiTokens.Token token) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", token.id());
    view.put("name", token.name());
    view.put("kind", token.kind());
    view.put("owner", token.owner());
    view.put("roles", token.roles());
    if (token.environments() != null) {
      view.put("environments", token.environments());
    }
    view.put("createdAt", token.createdAt());
    view.put("createdBy", token.createdBy());
    view.put("expiresAt", token.expiresAt());
    view.put("lastUsedAt", token.lastUsedAt());
    view.put("revokedAt", token.revokedAt());
    view.put("revokedBy", token.revokedBy());
    return view;
  }
}
