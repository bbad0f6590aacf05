package dev.pitcrew.api.audit;

import dev.pitcrew.activities.audit.AuditRecord;
import dev.pitcrew.activities.audit.AuditVerification;
import dev.pitcrew.activities.audit.AuditVerifier;
import dev.pitcrew.api.problem.ApiException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.json.JsonMapper;

/** The unified audit log: list with filters, verify the hash chain, export as NDJSON for a SIEM. */
@RestController
@RequestMapping("/api/v1/audit")
class AuditController {
  static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");
  private static final int MAX_PAGE_SIZE = 200;
  private static final Set<String> PAGING = Set.of("page", "size");

  /** A page of the audit log, newest first; {@code next} is the following page's URL, or null on the last. */
  record AuditPage(List<AuditRecord> items, int page, int size, String next) {}

  private final AuditLogQueries queries;
  private final AuditVerifier verifier;
  private final JsonMapper json;

  AuditController(AuditLogQueries queries, AuditVerifier verifier, JsonMapper json) {
    this.queries = queries;
    this.verifier = verifier;
    this.json = json;
  }

  @GetMapping
  @PreAuthorize("@access.can('audit.read')")
  AuditPage list(
      @RequestParam MultiValueMap<String, String> parameters,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "50") int size) {
    AuditQuery query = AuditQuery.parse(parameters, PAGING);
    if (page < 0) {
      throw ApiException.badField("page", "must be 0 or more");
    }
    if (size < 1 || size > MAX_PAGE_SIZE) {
      throw ApiException.badField("size", "must be between 1 and " + MAX_PAGE_SIZE);
    }
    List<AuditRecord> rows = queries.page(query, page, size);
    boolean more = rows.size() > size;
    return new AuditPage(more ? rows.subList(0, size) : rows, page, size, more ? next(parameters, page, size) : null);
  }

  /** Always 200: {@code ok} says whether the chain holds; when not, {@code firstBrokenId} and {@code reason}. */
  @GetMapping("/verify")
  @PreAuthorize("@access.can('audit.read')")
  AuditVerification verify() {
    return verifier.verify();
  }

  /** Every matching row, oldest first, one JSON object per line with its hash; streamed. */
  @GetMapping("/export")
  @PreAuthorize("@access.can('audit.read')")
  ResponseEntity<StreamingResponseBody> export(@RequestParam MultiValueMap<String, String> parameters) {
    AuditQuery query = AuditQuery.parse(parameters, Set.of());
    StreamingResponseBody body = out -> queries.export(query, row -> writeLine(out, row));
    return ResponseEntity.ok().contentType(NDJSON).body(body);
  }

  private void writeLine(OutputStream out, AuditRecord row) {
    try {
      out.write(json.writeValueAsBytes(row));
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The same filters, form-encoded (an action prefix holds braces and spaces, an instant may hold a plus). */
  private static String next(MultiValueMap<String, String> parameters, int page, int size) {
    StringBuilder next = new StringBuilder("/api/v1/audit?");
    AuditQuery.FILTERS.stream().sorted().forEach(name -> {
      String value = parameters.getFirst(name);
      if (value != null) {
        next.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)).append('&');
      }
    });
    return next.append("page=").append(page + 1).append("&size=").append(size).toString();
  }
}
