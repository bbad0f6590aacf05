package dev.pitcrew.api.slack;

import dev.pitcrew.activities.slack.SlackDelivery;
import dev.pitcrew.activities.slack.SlackFailure;
import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.workflows.text.StorableText;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Carries out Slack commands and clicks. {@code accept…} writes the audit row and returns at once, so Slack is
 * acknowledged within its 3 seconds without waiting on Temporal; the work (identity, permission check, the
 * command, the reply through {@code response_url}) runs on a virtual thread. Requests whose process stopped
 * halfway are picked up again from the audit table; starts use the audit ID as idempotency key, so a resumed
 * command never starts a second run.
 */
@Component
public class ChatOpsDispatcher implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(ChatOpsDispatcher.class);
  static final Duration RESUME_AFTER = Duration.ofMinutes(1);
  /** Slack's response_url stays valid for 30 minutes. */
  static final Duration REPLY_URL_LIFETIME = Duration.ofMinutes(30);
  private static final int REPLY_ATTEMPTS = 4;

  /**
   * A slash command as received; stored in the audit row. Every field is Slack's (vendor text): made storable
   * ({@link StorableText}) so a stray NUL cannot fail the audit insert (jsonb refuses {@code \u0000}) or a
   * workflow's record write.
   */
  public record CommandRequest(
      String teamId, String userId, String channel, String channelName, String text, String responseUrl) {
    public CommandRequest {
      teamId = StorableText.of(teamId);
      userId = StorableText.of(userId);
      channel = StorableText.of(channel);
      channelName = StorableText.of(channelName);
      text = StorableText.of(text);
      responseUrl = StorableText.of(responseUrl);
    }
  }

  /**
   * A button click or menu choice as received; stored in the audit row (jsonb, which refuses {@code \u0000}), so
   * every field is made storable like the command's.
   *
   * @param value the button's value, or the chosen option's value for a select menu
   */
  public record ActionRequest(
      String teamId, String userId, String channel, String actionId, String value, String messageTs,
      String responseUrl, String blockId) {
    public ActionRequest {
      teamId = StorableText.of(teamId);
      userId = StorableText.of(userId);
      channel = StorableText.of(channel);
      actionId = StorableText.of(actionId);
      value = StorableText.of(value);
      messageTs = StorableText.of(messageTs);
      responseUrl = StorableText.of(responseUrl);
      blockId = StorableText.of(blockId);
    }
  }

  private record Outcome(String result, CommandReply reply, String detail) {}

  private final SlackCommands registry;
  private final SlackIdentities identities;
  private final ChatOpsPermissions permissions;
  private final ChatOpsAudit audit;
  private final ChatOpsTrail trail;
  private final SlackDelivery delivery;
  private final ChatOpsLinks links;
  private final JsonMapper json;
  // Made at each start, so a stopped dispatcher can start again (Spring pauses and restarts idle contexts).
  private volatile ExecutorService work = newWorkExecutor();
  private volatile ScheduledExecutorService sweeper;
  private volatile boolean running;

  ChatOpsDispatcher(
      SlackCommands registry, SlackIdentities identities, ChatOpsPermissions permissions, ChatOpsAudit audit,
      ChatOpsTrail trail, SlackDelivery delivery, ChatOpsLinks links, JsonMapper json) {
    this.registry = registry;
    this.identities = identities;
    this.permissions = permissions;
    this.audit = audit;
    this.trail = trail;
    this.delivery = delivery;
    this.links = links;
    this.json = json;
  }

  /** Records the command and hands it to a worker thread; returns without waiting for it. */
  public long acceptCommand(CommandRequest request) {
    long id = audit.accepted("command", request.teamId(), request.userId(), request.channel(),
        commandText(request), json.writeValueAsString(request));
    work.execute(() -> processCommand(id, request));
    return id;
  }

  /** Records the click and hands it to a worker thread; returns without waiting for it. */
  public long acceptAction(ActionRequest request) {
    long id = audit.accepted("action", request.teamId(), request.userId(), request.channel(), request.actionId(),
        json.writeValueAsString(request));
    work.execute(() -> processAction(id, request));
    return id;
  }

  void processCommand(long id, CommandRequest request) {
    String identity = null;
    Outcome outcome;
    try {
      SlackIdentity user = identities.resolve(request.userId(), request.teamId());
      identity = user.identity();
      outcome = command(id, user, request);
    } catch (RuntimeException unexpected) {
      log.error("Slack command #{} failed", id, unexpected);
      outcome = unexpected(id, unexpected);
    }
    reply(id, request.responseUrl(), outcome.reply());
    audit.finish(id, identity, outcome.result(), outcome.reply().target(), outcome.detail());
    trail.finished("command " + commandText(request), request.userId(), identity, outcome.result(),
        outcome.reply().target(), outcome.detail());
  }

  private static String commandText(CommandRequest request) {
    String text = request.text() == null ? "" : request.text().strip();
    return text.isEmpty() ? "help" : text;
  }

  void processAction(long id, ActionRequest request) {
    String identity = null;
    Outcome outcome;
    try {
      SlackIdentity user = identities.resolve(request.userId(), request.teamId());
      identity = user.identity();
      outcome = action(user, request);
    } catch (RuntimeException unexpected) {
      log.error("Slack action #{} failed", id, unexpected);
      outcome = unexpected(id, unexpected);
    }
    reply(id, request.responseUrl(), outcome.reply());
    audit.finish(id, identity, outcome.result(), outcome.reply().target(), outcome.detail());
    trail.finished("action " + request.actionId(), request.userId(), identity, outcome.result(),
        outcome.reply().target(), outcome.detail());
  }

  private Outcome command(long id, SlackIdentity user, CommandRequest request) {
    List<String> words = words(request.text());
    if (words.isEmpty() || words.getFirst().equals("help")) {
      if (words.size() > 1) {
        return registry.command(words.get(1))
            .map(c -> ok(CommandReply.ephemeral(registry.help(c))))
            .orElseGet(() -> usage("There is no `" + words.get(1) + "` command.\n" + registry.help()));
      }
      return ok(CommandReply.ephemeral(registry.help()));
    }
    SlackCommand command = registry.command(words.getFirst()).orElse(null);
    if (command == null) {
      return usage("There is no `" + words.getFirst() + "` command.\n" + registry.help());
    }
    List<String> args = words.subList(1, words.size());
    try {
      String environment = command.environment(args);
      ChatOpsPermissions.Decision decision = permissions.check(user, command.permission(args), environment);
      if (!decision.allowed()) {
        return new Outcome("denied", CommandReply.ephemeral(":no_entry: " + decision.reason()), decision.reason());
      }
      return ok(command.run(new CommandInvocation(
          user, request.channel(), request.channelName(), args, "slack-" + id)));
    } catch (UsageException bad) {
      return usage(bad.getMessage() + "\n" + registry.help(command));
    } catch (ApiException failed) {
      return apiFailure(failed, registry.help(command));
    }
  }

  private Outcome action(SlackIdentity user, ActionRequest request) {
    SlackAction action = registry.action(request.actionId()).orElse(null);
    if (action == null) {
      return new Outcome("usage", CommandReply.ephemeral(
          "This button (`" + request.actionId() + "`) is not one this Pitcrew knows; the message may be from an "
              + "older version."), "unknown action");
    }
    ActionInvocation click =
        new ActionInvocation(user, request.channel(), request.value(), request.messageTs(), request.blockId());
    try {
      ChatOpsPermissions.Decision decision = permissions.check(user, action.permission(), action.environment(click));
      if (!decision.allowed()) {
        return new Outcome("denied",
            new CommandReply(":no_entry: " + decision.reason(), null, true, action.target(click)), decision.reason());
      }
      return ok(action.handle(click));
    } catch (ApiException failed) {
      return apiFailure(failed, null);
    }
  }

  private Outcome apiFailure(ApiException failed, String help) {
    String message = failed.getMessage();
    // The run a refusal is about (a decision its workflow refused), so the audit row lands on the run's timeline.
    String run = failed.extras().get("workflowId") instanceof String id ? id : null;
    return switch (failed.status()) {
      case NOT_FOUND -> new Outcome("not_found", CommandReply.ephemeral(
          message + ". `" + registry.slash() + " runs` lists recent runs."), message);
      case CONFLICT -> {
        String link = run == null ? "" : "\n" + links.mrkdwn(run);
        yield new Outcome("conflict", CommandReply.ephemeral(message + link, run), message);
      }
      case BAD_REQUEST -> new Outcome("usage",
          CommandReply.ephemeral(message + (help == null ? "" : "\n" + help)), message);
      case SERVICE_UNAVAILABLE -> new Outcome("unavailable", CommandReply.ephemeral(message), message);
      // A rule of the run itself refused the user (e.g. approving their own production deployment).
      case FORBIDDEN -> new Outcome("denied", CommandReply.ephemeral(":no_entry: " + message, run), message);
      default -> new Outcome("error", CommandReply.ephemeral(message), message);
    };
  }

  private static Outcome ok(CommandReply reply) {
    return new Outcome("ok", reply, null);
  }

  private static Outcome usage(String text) {
    return new Outcome("usage", CommandReply.ephemeral(text), text.lines().findFirst().orElse(text));
  }

  private static Outcome unexpected(long id, RuntimeException e) {
    return new Outcome("error", CommandReply.ephemeral(
        "Pitcrew hit an unexpected error (audit #" + id + "); the server log has the details."),
        e.getClass().getSimpleName());
  }

  static List<String> words(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    return Arrays.asList(text.strip().split("\\s+"));
  }

  private void reply(long id, String responseUrl, CommandReply reply) {
    if (responseUrl == null || responseUrl.isBlank()) {
      return;
    }
    Duration wait = Duration.ofSeconds(1);
    for (int attempt = 1; attempt <= REPLY_ATTEMPTS; attempt++) {
      try {
        delivery.respond(responseUrl, reply.text(), reply.blocksJson(), reply.ephemeral());
        return;
      } catch (SlackFailure.RateLimited limited) {
        wait = limited.retryAfter().compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30)
            : limited.retryAfter();
        log.warn("Reply to Slack request #{} was rate-limited; retrying in {}s", id, wait.toSeconds());
      } catch (SlackFailure.Unavailable unavailable) {
        log.warn("Reply to Slack request #{} failed ({}); retrying", id, unavailable.getMessage());
      } catch (SlackFailure.Rejected rejected) {
        log.warn("Slack refused the reply to request #{}: {}", id, rejected.getMessage());
        return;
      }
      sleep(wait);
      wait = wait.multipliedBy(2);
    }
    log.warn("Gave up replying to Slack request #{} after {} attempts; the audit row has the outcome", id,
        REPLY_ATTEMPTS);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Carries out requests a stopped process accepted but never finished. */
  public int resumeInterrupted() {
    audit.expire(REPLY_URL_LIFETIME);
    List<ChatOpsAudit.InFlight> claimed = audit.claimInterrupted(RESUME_AFTER, REPLY_URL_LIFETIME);
    for (ChatOpsAudit.InFlight request : claimed) {
      log.info("Resuming Slack {} #{} that was accepted but not carried out", request.kind(), request.id());
      if ("command".equals(request.kind())) {
        CommandRequest command = json.readValue(request.request(), CommandRequest.class);
        work.execute(() -> processCommand(request.id(), command));
      } else {
        ActionRequest action = json.readValue(request.request(), ActionRequest.class);
        work.execute(() -> processAction(request.id(), action));
      }
    }
    return claimed.size();
  }

  @Override
  public void start() {
    if (work.isShutdown()) {
      work = newWorkExecutor();
    }
    sweeper = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("chatops-resume").daemon().factory());
    sweeper.scheduleWithFixedDelay(() -> {
      try {
        resumeInterrupted();
      } catch (RuntimeException e) {
        log.warn("Could not check for interrupted Slack requests: {}", e.getMessage());
      }
    }, 10, 60, TimeUnit.SECONDS);
    running = true;
  }

  @Override
  public void stop() {
    sweeper.shutdownNow();
    work.shutdown();
    try {
      if (!work.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("Slack requests still in flight at shutdown are resumed by the next Pitcrew process");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private static ExecutorService newWorkExecutor() {
    return Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("chatops-", 0).factory());
  }

  @Override
  public int getPhase() {
    // Stops before the Temporal workers and the database go away.
    return Integer.MAX_VALUE - 1000;
  }
}
