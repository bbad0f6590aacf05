package dev.pitcrew.workers.observability;

import io.temporal.api.common.v1.Payload;
import io.temporal.common.context.ContextPropagator;
import io.temporal.common.converter.DataConverter;
import java.util.Map;
import org.slf4j.MDC;

/**
 * Carries the log context's principal from the request that starts or signals a run into the workflow and on to its
 * activities (a Temporal header), so their log lines name who asked too. The header goes through the configured data
 * converter, so with payload encryption on the identity is encrypted like the inputs.
 */
public class PrincipalPropagator implements ContextPropagator {
  private static final String HEADER = "pitcrew-principal";

  private final DataConverter converter;

  public PrincipalPropagator(DataConverter converter) {
    this.converter = converter;
  }

  @Override
  public String getName() {
    return HEADER;
  }

  @Override
  public Map<String, Payload> serializeContext(Object context) {
    return context instanceof String principal
        ? Map.of(HEADER, converter.toPayload(principal).orElseThrow())
        : Map.of();
  }

  @Override
  public Object deserializeContext(Map<String, Payload> header) {
    Payload payload = header.get(HEADER);
    return payload == null ? null : converter.fromPayload(payload, String.class, String.class);
  }

  @Override
  public Object getCurrentContext() {
    return MDC.get(LogContext.PRINCIPAL);
  }

  @Override
  public void setCurrentContext(Object context) {
    if (context instanceof String principal) {
      MDC.put(LogContext.PRINCIPAL, principal);
    } else {
      MDC.remove(LogContext.PRINCIPAL);
    }
  }
}
