package dev.pitcrew.api.runs;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.workers.temporal.SearchAttributeSupport;
import dev.pitcrew.workflows.TaskQueues;
import dev.pitcrew.workflows.chatops.ChatOpsContext;
import dev.pitcrew.workflows.run.PitcrewSearchAttributes;
import dev.pitcrew.workflows.run.RunLabels;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * Starts runs of any registered type. Input is fully validated first; with an idempotency key the same key always
 * answers with the same run, and a failed start gives the key back, so nothing is half-started or lost.
 */
@Service
public class RunLauncher {
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:\\-]{1,200}");
  /** Memo entry naming the idempotency key a run was started with. */
  static final String IDEMPOTENCY_MEMO = "idempotencyKey";
  private static final String INPUT_FIELDS = "input";

  private final RunTypes runTypes;
  private final RequestReader reader;
  private final IdempotencyKeys keys;
  private final WorkflowClient client;
  private final TemporalCalls temporal;
  private final SearchAttributeSupport searchAttributes;
  private final Clock clock;

  RunLauncher(
      RunTypes runTypes,
      RequestReader reader,
      IdempotencyKeys keys,
      WorkflowClient client,
      TemporalCalls temporal,
      SearchAttributeSupport searchAttributes) {
    this.runTypes = runTypes;
    this.reader = reader;
    this.keys = keys;
    this.client = client;
    this.temporal = temporal;
    this.searchAttributes = searchAttributes;
    this.clock = Clock.systemUTC();
  }

  /** Starts a run asked for over REST, once {@code authorizer} allows the caller to. */
  public StartedRun startAuthorized(
      String typeName, JsonNode input, String idempotencyKey, RunAuthorizer authorizer) {
    return startTyped(runTypes.named(typeName), input, idempotencyKey, null, INPUT_FIELDS, authorizer);
  }

  /** Starts a run asked for in Slack: {@code chat} tells the workflow where to keep its message up to date. */
  public StartedRun start(String typeName, JsonNode input, String idempotencyKey, ChatOpsContext chat) {
    return startTyped(runTypes.named(typeName), input, idempotencyKey, chat, INPUT_FIELDS,
        RunAuthorizer.CHECKED_BY_CALLER);
  }

  /**
   * Starts a run from a family's own endpoint, whose body is the request itself: rejected fields are named
   * without the {@code input.} prefix of {@code POST /api/v1/runs}.
   */
  public StartedRun startFromBody(
      String typeName, JsonNode body, String idempotencyKey, RunAuthorizer authorizer) {
    return startTyped(runTypes.named(typeName), body, idempotencyKey, null, "", authorizer);
  }

  private <R> StartedRun startTyped(
      RunType<R> type, JsonNode input, String idempotencyKey, ChatOpsContext chat, String fieldPrefix,
      RunAuthorizer authorizer) {
    R asSent =
        input == null || input.isNull() ? type.defaultRequest() : reader.read(input, type.requestType(), fieldPrefix);
    R request;
    try {
      request = type.resolve(asSent);
    } catch (ApiException refused) {
      throw refused.withFieldPrefix(fieldPrefix);
    }
    authorizer.authorize(type.permission(), type.environment(request));
    Optional<FixedWorkflowId> fixed = type.fixedWorkflowId(request);
    if (idempotencyKey == null) {
      String workflowId =
          fixed.map(FixedWorkflowId::workflowId).orElseGet(() -> RunIds.fresh(type.idStem(request), clock));
      try {
        startWorkflow(type, request, workflowId, reusePolicy(fixed, false), null, chat);
      } catch (WorkflowExecutionAlreadyStarted running) {
        throw alreadyRunning(fixed.orElseThrow(() -> running), running);
      }
      return new StartedRun(workflowId, type.name(), true);
    }
    if (!KEY.matcher(idempotencyKey).matches()) {
      throw ApiException.badField(
          "idempotencyKey", "must be 1-200 characters of letters, digits, '.', '_', ':' or '-'");
    }
    IdempotencyKeys.Claim claim =
        new IdempotencyKeys.Claim(
            type.name(),
            fingerprint(type, asSent),
            fixed
                .map(FixedWorkflowId::workflowId)
                .orElseGet(() -> RunIds.forKey(type.idStem(request), idempotencyKey)));
    Optional<StartedRun> earlier = earlierRun(idempotencyKey, claim);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    if (!keys.claim(idempotencyKey, claim)) {
      // A concurrent request with the same key won the claim: answer with its run.
      return earlierRun(idempotencyKey, claim).orElseThrow();
    }
    try {
      startWorkflow(type, request, claim.workflowId(), reusePolicy(fixed, true), idempotencyKey, chat);
    } catch (WorkflowExecutionAlreadyStarted alreadyStarted) {
      if (fixed.isEmpty() || startedWithKey(claim.workflowId(), idempotencyKey)) {
        return new StartedRun(claim.workflowId(), type.name(), false);
      }
      // Another request's run holds the fixed ID: this key started nothing, so a retry after it ends may use it.
      keys.release(idempotencyKey);
      throw alreadyRunning(fixed.get(), alreadyStarted);
    } catch (RuntimeException failed) {
      keys.release(idempotencyKey);
      throw failed;
    }
    return new StartedRun(claim.workflowId(), type.name(), true);
  }

  /**
   * A keyed start normally never reuses an ID, even after the run ended; a fixed ID is reused by design (the next
   * deployment of a service), where the key claim alone keeps a retried request from starting twice.
   */
  private static WorkflowIdReusePolicy reusePolicy(Optional<FixedWorkflowId> fixed, boolean keyed) {
    if (fixed.isPresent()) {
      return fixed.get().reusePolicy();
    }
    return keyed ? WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE : null;
  }

  /** Whether the open run under a fixed ID is the one this key started (a retry whose first answer was lost). */
  private boolean startedWithKey(String workflowId, String idempotencyKey) {
    Object key =
        temporal.call(
            workflowId,
            () -> client.newUntypedWorkflowStub(workflowId).describe().getMemo(IDEMPOTENCY_MEMO, String.class));
    return idempotencyKey.equals(key);
  }

  private static ApiException alreadyRunning(FixedWorkflowId fixed, WorkflowExecutionAlreadyStarted running) {
    String runId = running.getExecution().getRunId();
    return ApiException.conflict(
        "Refused: " + fixed.description() + " is already running as " + fixed.workflowId() + " (run " + runId
            + "). Only one may run at a time: wait for it to end, or abort it, then ask again.",
        Map.of("workflowId", fixed.workflowId(), "runId", runId));
  }

  private Optional<StartedRun> earlierRun(String key, IdempotencyKeys.Claim claim) {
    return keys.find(key)
        .map(
            existing -> {
              if (!existing.runType().equals(claim.runType()) || !existing.fingerprint().equals(claim.fingerprint())) {
                throw ApiException.conflict(
                    "Idempotency key '" + key + "' was already used for a different request (run "
                        + existing.workflowId() + ")",
                    Map.of("workflowId", existing.workflowId()));
              }
              return new StartedRun(existing.workflowId(), existing.runType(), false);
            });
  }

  private <R> void startWorkflow(
      RunType<R> type,
      R request,
      String workflowId,
      WorkflowIdReusePolicy reusePolicy,
      String idempotencyKey,
      ChatOpsContext chat) {
    RunLabels labels = type.labels(request);
    Map<String, Object> memo = memo(type, labels);
    putIfPresent(memo, IDEMPOTENCY_MEMO, idempotencyKey);
    WorkflowOptions.Builder options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(workflowId)
            .setTaskQueue(TaskQueues.OPERATIONS)
            .setMemo(memo);
    if (reusePolicy != null) {
      options.setWorkflowIdReusePolicy(reusePolicy);
    }
    describe(type, request, labels, chat).applyTo(options);
    if (searchAttributes.available()) {
      options.setTypedSearchAttributes(searchAttributes(type, labels, type.searchAttributes(request)));
    }
    Object workflowInput = chat == null ? type.toWorkflowInput(request) : type.toWorkflowInput(request, chat);
    temporal.run(
        workflowId,
        () -> client.newUntypedWorkflowStub(type.workflowType(), options.build()).start(workflowInput));
  }

  /** "deployment of game-api to production, asked by alice@studio.example", for the Temporal UI. */
  private static <R> StartDescription describe(RunType<R> type, R request, RunLabels labels, ChatOpsContext chat) {
    String askedBy = actorOf(type, request);
    String target = labels.service() == null ? "" : " of " + labels.service()
        + (labels.environment() == null ? "" : " to " + labels.environment());
    return StartDescription.of(type.name() + target + (askedBy == null ? "" : ", asked by " + askedBy))
        .with("Type", type.name())
        .with("Service", labels.service())
        .with("Environment", labels.environment())
        .with("Severity", labels.severity())
        .with("Asked by", askedBy)
        .with("Asked in", chat == null ? "the API" : "Slack");
  }

  /** The request's actor field (stamped from the principal), when the run type has one. */
  private static String actorOf(RunType<?> type, Object request) {
    if (type.actorField() == null || !request.getClass().isRecord()) {
      return null;
    }
    for (RecordComponent component : request.getClass().getRecordComponents()) {
      if (component.getName().equals(type.actorField())) {
        try {
          return component.getAccessor().invoke(request) instanceof String actor ? actor : null;
        } catch (ReflectiveOperationException e) {
          return null;
        }
      }
    }
    return null;
  }

  private static Map<String, Object> memo(RunType<?> type, RunLabels labels) {
    Map<String, Object> memo = new LinkedHashMap<>();
    memo.put("type", type.name());
    putIfPresent(memo, "service", labels.service());
    putIfPresent(memo, "environment", labels.environment());
    putIfPresent(memo, "severity", labels.severity());
    return memo;
  }

  private static SearchAttributes searchAttributes(
      RunType<?> type, RunLabels labels, Map<SearchAttributeKey<String>, String> extra) {
    SearchAttributes.Builder attributes =
        SearchAttributes.newBuilder()
            .set(PitcrewSearchAttributes.TYPE, type.name())
            .set(PitcrewSearchAttributes.STATUS, "RUNNING");
    setIfPresent(attributes, PitcrewSearchAttributes.SERVICE, labels.service());
    setIfPresent(attributes, PitcrewSearchAttributes.ENVIRONMENT, labels.environment());
    setIfPresent(attributes, PitcrewSearchAttributes.SEVERITY, labels.severity());
    extra.forEach((key, value) -> setIfPresent(attributes, key, value));
    return attributes.build();
  }

  private static void putIfPresent(Map<String, Object> memo, String key, String value) {
    if (value != null) {
      memo.put(key, value);
    }
  }

  private static void setIfPresent(SearchAttributes.Builder attributes, SearchAttributeKey<String> key, String value) {
    if (value != null) {
      attributes.set(key, value);
    }
  }

  private <R> String fingerprint(RunType<R> type, R request) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest((type.name() + "\n" + reader.canonicalJson(request)).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
