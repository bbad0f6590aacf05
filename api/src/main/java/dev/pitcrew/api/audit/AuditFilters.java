package dev.pitcrew.api.audit;

import dev.pitcrew.activities.audit.AuditTrail;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The two audit filters, on the API, the Slack endpoints and the console's actions. Spring Security's filter chain sits at order -100:
 * the recorder wraps it (so it sees the 401/403 the chain answers), the capture runs inside it (so it sees who
 * was authenticated).
 */
@Configuration(proxyBeanMethods = false)
class AuditFilters {
  static final int RECORDER_ORDER = -200;
  static final int CAPTURE_ORDER = 0;
  /**
   * The API, Slack, and the codec endpoint (who had Temporal payloads decrypted is worth a row); the console's
   * buttons and its sign-in, with channel {@code console}.
   */
  private static final String[] AUDITED_PATHS = {"/api/v1/*", "/slack/*", "/codec/*", "/deployments/*",
      "/incidents/*", "/remediation/*", "/settings/*", "/audit/*", "/login", "/mfa/*", "/logout"};

  @Bean
  FilterRegistrationBean<AuditRecorderFilter> auditRecorderFilter(AuditTrail trail) {
    FilterRegistrationBean<AuditRecorderFilter> registration =
        new FilterRegistrationBean<>(new AuditRecorderFilter(trail));
    registration.addUrlPatterns(AUDITED_PATHS);
    registration.setOrder(RECORDER_ORDER);
    return registration;
  }

  @Bean
  FilterRegistrationBean<AuthenticatedPrincipalCapture> authenticatedPrincipalCapture() {
    FilterRegistrationBean<AuthenticatedPrincipalCapture> registration =
        new FilterRegistrationBean<>(new AuthenticatedPrincipalCapture());
    registration.addUrlPatterns(AUDITED_PATHS);
    registration.setOrder(CAPTURE_ORDER);
    return registration;
  }
}
