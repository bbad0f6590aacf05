package dev.pitcrew.workers.temporal;

import dev.pitcrew.workflows.run.PitcrewSearchAttributes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesResponse;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether runs can carry Pitcrew's search attributes. They must be registered on the namespace before a run uses
 * them, so this registers missing ones once. Servers without the operator API (the in-process test server) or
 * without permission to add attributes get runs without them; the run list in PostgreSQL works either way.
 */
public class SearchAttributeSupport {
  private static final Logger log = LoggerFactory.getLogger(SearchAttributeSupport.class);

  private final WorkflowServiceStubs stubs;
  private final TemporalEndpoint endpoint;
  private final TemporalProperties.SearchAttributeMode mode;
  private volatile Boolean available;

  private SearchAttributeSupport(
      WorkflowServiceStubs stubs, TemporalEndpoint endpoint, TemporalProperties.SearchAttributeMode mode) {
    this.stubs = stubs;
    this.endpoint = endpoint;
    this.mode = mode;
    if (mode == TemporalProperties.SearchAttributeMode.OFF) {
      available = false;
    }
  }

  static SearchAttributeSupport negotiate(
      WorkflowServiceStubs stubs, TemporalEndpoint endpoint, TemporalProperties.SearchAttributeMode mode) {
    return new SearchAttributeSupport(stubs, endpoint, mode);
  }

  /** Asks the server once; an unreachable server is asked again next time rather than remembered as "no". */
  public boolean available() {
    Boolean known = available;
    if (known != null) {
      return known;
    }
    synchronized (this) {
      if (available == null) {
        available = registerMissing();
      }
      return Boolean.TRUE.equals(available);
    }
  }

  private Boolean registerMissing() {
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder().setChannel(stubs.getRawChannel()).validateAndBuildWithDefaults());
    try {
      ListSearchAttributesResponse existing =
          operator.blockingStub()
              .withDeadlineAfter(5, TimeUnit.SECONDS)
              .listSearchAttributes(
                  ListSearchAttributesRequest.newBuilder().setNamespace(endpoint.namespace()).build());
      Set<String> missing =
          PitcrewSearchAttributes.ALL.stream()
              .map(SearchAttributeKey::getName)
              .filter(name -> !existing.getCustomAttributesMap().containsKey(name))
              .collect(Collectors.toSet());
      if (!missing.isEmpty()) {
        AddSearchAttributesRequest.Builder add =
            AddSearchAttributesRequest.newBuilder().setNamespace(endpoint.namespace());
        missing.forEach(name -> add.putSearchAttributes(name, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
        operator.blockingStub().withDeadlineAfter(30, TimeUnit.SECONDS).addSearchAttributes(add.build());
        log.info("Registered Pitcrew search attributes {} on namespace {}", missing, endpoint.namespace());
      }
      return true;
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
        log.warn("Temporal unreachable while checking search attributes; will ask again: {}", code);
        return null;
      }
      if (mode == TemporalProperties.SearchAttributeMode.ON) {
        throw new IllegalStateException(
            "pitcrew.temporal.search-attributes=ON but they cannot be registered on namespace "
                + endpoint.namespace() + ": " + code, e);
      }
      log.info(
          "Runs will carry no search attributes on {} ({}): filter runs with Pitcrew's run list instead",
          endpoint.engine(), code);
      return false;
    } finally {
      operator.shutdown();
    }
  }
}
