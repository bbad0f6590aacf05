package dev.pitcrew.workers.observability;

import io.temporal.common.converter.DataConverter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Run IDs, activity type and principal in the log context of every workflow task and activity attempt. */
@Configuration(proxyBeanMethods = false)
public class LogContextConfiguration {
  @Bean
  LogContextInterceptor logContextInterceptor() {
    return new LogContextInterceptor();
  }

  @Bean
  PrincipalPropagator principalPropagator(DataConverter temporalDataConverter) {
    return new PrincipalPropagator(temporalDataConverter);
  }
}
