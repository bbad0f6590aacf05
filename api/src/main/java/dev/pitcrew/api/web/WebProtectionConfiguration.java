package dev.pitcrew.api.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the web protections with explicit places in the servlet filter chain. Spring Security's
 * {@code FilterChainProxy} sits at -100 and Spring's own {@code FormContentFilter} at -9900; from the outside in:
 *
 * <ol>
 *   <li>{@value #ACCESS_LOG}: the access log, outermost so it sees every answer, 413s and 429s included;
 *   <li>{@value #ADDRESS_RATE_LIMIT}: the per-address limit, before anything reads the body or checks a password;
 *   <li>{@value #BODY_LIMIT}: the body limit, before the form filter or a controller reads the body;
 *   <li>-100: Spring Security establishes the principal;
 *   <li>{@value #PRINCIPAL_RATE_LIMIT}: the per-principal limit, still inside the security chain's call, so the
 *       security context is there; it leaves the name on the request for the access log;
 *   <li>{@value #INTAKE}: back-pressure towards the engine, once the caller is known (unauthenticated floods get
 *       401 from the security chain and take no place);
 *   <li>{@value #LOG_CONTEXT}: the principal into the log context (MDC) of every line the request writes.
 * </ol>
 */
@Configuration(proxyBeanMethods = false)
class WebProtectionConfiguration {
  static final int ACCESS_LOG = -10_200;
  static final int ADDRESS_RATE_LIMIT = -10_100;
  static final int BODY_LIMIT = -10_000;
  static final int PRINCIPAL_RATE_LIMIT = 10;
  static final int INTAKE = 15;
  static final int LOG_CONTEXT = 20;

  @Bean
  FilterRegistrationBean<AccessLogFilter> accessLogFilter(ClientAddresses addresses) {
    return registration(new AccessLogFilter(addresses), ACCESS_LOG);
  }

  @Bean
  FilterRegistrationBean<AddressRateLimitFilter> addressRateLimitFilter(
      WebProtectionProperties properties, ClientAddresses addresses, ProblemWriter problems) {
    return registration(new AddressRateLimitFilter(properties, addresses, problems), ADDRESS_RATE_LIMIT);
  }

  @Bean
  FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(BodyLimits limits, ProblemWriter problems) {
    return registration(new RequestBodyLimitFilter(limits, problems), BODY_LIMIT);
  }

  @Bean
  FilterRegistrationBean<PrincipalRateLimitFilter> principalRateLimitFilter(
      WebProtectionProperties properties, ProblemWriter problems) {
    return registration(new PrincipalRateLimitFilter(properties, problems), PRINCIPAL_RATE_LIMIT);
  }

  @Bean
  FilterRegistrationBean<IntakeConcurrencyFilter> intakeConcurrencyFilter(IntakeGates gates, ProblemWriter problems) {
    return registration(new IntakeConcurrencyFilter(gates, problems), INTAKE);
  }

  @Bean
  FilterRegistrationBean<LogContextFilter> logContextFilter() {
    return registration(new LogContextFilter(), LOG_CONTEXT);
  }

  private static <F extends jakarta.servlet.Filter> FilterRegistrationBean<F> registration(F filter, int order) {
    FilterRegistrationBean<F> registration = new FilterRegistrationBean<>(filter);
    registration.setOrder(order);
    registration.addUrlPatterns("/*");
    return registration;
  }
}
