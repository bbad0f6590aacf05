package dev.pitcrew.api.slack;

import dev.pitcrew.activities.outbox.OutboxRepository;
import dev.pitcrew.activities.slack.SlackOutbox;
import dev.pitcrew.api.problem.ApiException;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/slack/audit} (every Slack command and click, as Slack's durable inbox records it; the unified
 * audit log of every channel is {@code GET /api/v1/audit}) and {@code GET /api/v1/slack/outbox} (local mode).
 */
@RestController
class ChatOpsController {
  private static final int MAX_PAGE_SIZE = 200;

  /** A page of a list; {@code next} is the following page's URL, or null on the last one. */
  record Page<T>(List<T> items, int page, int size, String next) {}

  private final ChatOpsAudit audit;
  private final SlackOutbox outbox;

  ChatOpsController(ChatOpsAudit audit, OutboxRepository outbox) {
    this.audit = audit;
    this.outbox = new SlackOutbox(outbox);
  }

  @GetMapping("/api/v1/slack/audit")
  @PreAuthorize("@access.can('audit.read')")
  Page<ChatOpsAudit.Entry> audit(
      @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
    check(page, size);
    return page("/api/v1/slack/audit", audit.list(page, size), page, size);
  }

  @GetMapping("/api/v1/slack/outbox")
  @PreAuthorize("@access.can('outbox.read')")
  Page<SlackOutbox.Entry> outbox(
      @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
    check(page, size);
    return page("/api/v1/slack/outbox", outbox.list(page, size), page, size);
  }

  private static void check(int page, int size) {
    if (page < 0) {
      throw ApiException.badField("page", "must be 0 or more");
    }
    if (size < 1 || size > MAX_PAGE_SIZE) {
      throw ApiException.badField("size", "must be between 1 and " + MAX_PAGE_SIZE);
    }
  }

  private static <T> Page<T> page(String path, List<T> rows, int page, int size) {
    boolean more = rows.size() > size;
    return new Page<>(more ? rows.subList(0, size) : rows, page, size,
        more ? path + "?page=" + (page + 1) + "&size=" + size : null);
  }
}
