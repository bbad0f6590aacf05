package dev.pitcrew.workers.observability;

import io.temporal.common.converter.DataConverter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The principal in the log context of workflows and activities (the SDK already adds the run's IDs and types; see
 * {@link LogContext}).
 */
@Configuration(proxyBeanMethods = false)
public class LogContextConfiguration {
  @Bean
  PrincipalPropagator principalPropagator(DataConverter temporalDataConverter) {
    return new PrincipalPropagator(temporalDataConverter);
  }
}
