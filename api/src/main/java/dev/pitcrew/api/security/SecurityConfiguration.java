package dev.pitcrew.api.security;

import dev.pitcrew.workers.encryption.PayloadEncryptionProperties;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Who may reach what. Everything is authenticated except the health probes and the inbound endpoints that verify
 * their own signatures (webhooks, Slack); what an authenticated caller may do is declared on each endpoint with
 * method security ({@code @PreAuthorize("@access.can('…')")}) against {@link RoleCatalog}.
 */
@Configuration
@EnableWebSecurity
@EnableMethodSecurity
class SecurityConfiguration {
  /** What anyone may reach: the probes Kubernetes asks, and the error page. */
  static final String[] PROBES = {"/actuator/health/liveness", "/actuator/health/readiness", "/error"};
  /**
   * Inbound endpoints that authenticate by their own signature or secret: open to the chain, no session, so no
   * CSRF token either.
   */
  static final String[] SIGNED_INBOUND = {"/api/v1/hooks/**", "/slack/**"};
  /** The console's stylesheet, script and webjars: public files, needed by the login page too. */
  static final String[] CONSOLE_ASSETS = {"/assets/**", "/webjars/**"};
  /** Temporal's remote codec (the Temporal UI decrypts payloads through it). */
  static final String CODEC = "/codec/**";
  private static final AuthenticationTrustResolver TRUST = new AuthenticationTrustResolverImpl();

  @Bean
  SecurityFilterChain pitcrewSecurity(
      HttpSecurity http, BearerCredentials bearer, SecurityProblems problems, Access access,
      SecurityProperties properties, PayloadEncryptionProperties encryption,
      ObjectProvider<BrowserLogin> browserLogins) throws Exception {
    BrowserLogin browserLogin = browserLogins.getIfAvailable(NoBrowserLogin::new);
    AuthorizationManager<RequestAuthorizationContext> metricsReaders =
        (authentication, context) -> new AuthorizationDecision(
            TRUST.isAuthenticated(authentication.get()) && access.can("metrics.read"));
    http.authorizeHttpRequests(requests -> {
          requests.requestMatchers(PROBES).permitAll();
          requests.requestMatchers(SIGNED_INBOUND).permitAll();
          requests.requestMatchers(browserLogin.openPaths()).permitAll();
          requests.requestMatchers(CONSOLE_ASSETS).permitAll();
          requests.requestMatchers("/actuator/prometheus").access(metricsReaders);
          requests.anyRequest().authenticated();
        })
        .oauth2ResourceServer(resource -> resource
            .bearerTokenResolver(bearerTokensOutsideSignedInbound())
            .authenticationManagerResolver(request -> bearer)
            .authenticationEntryPoint(problems)
            .accessDeniedHandler(problems))
        .csrf(csrf -> csrf
            .requireCsrfProtectionMatcher(new BrowserRequests())
            .ignoringRequestMatchers(SIGNED_INBOUND)
            // Encoding and decoding change nothing, and CORS keeps the answer from pages of other origins.
            .ignoringRequestMatchers(CODEC))
        .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
        .cors(cors -> cors.configurationSource(corsSource(properties, encryption)))
        .httpBasic(basic -> basic.disable())
        .headers(headers -> headers
            .contentSecurityPolicy(csp -> csp.policyDirectives(
                "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
                    + "form-action 'self'; frame-ancestors 'none'"))
            .frameOptions(frame -> frame.deny())
            .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
            // Sent only over TLS (Spring never sets HSTS on a plain-HTTP response).
            .httpStrictTransportSecurity(hsts -> hsts.includeSubDomains(true).maxAgeInSeconds(31_536_000)));
    browserLogin.configure(http);
    return http.build();
  }

  /**
   * The webhooks' own credentials (Alertmanager's bearer token) are theirs to check: the API-token check must not
   * read them and answer 401 before the hook can.
   */
  private static BearerTokenResolver bearerTokensOutsideSignedInbound() {
    DefaultBearerTokenResolver standard = new DefaultBearerTokenResolver();
    RequestMatcher signedInbound = new OrRequestMatcher(
        java.util.Arrays.stream(SIGNED_INBOUND).map(p -> (RequestMatcher) PathPatternRequestMatcher.withDefaults()
            .matcher(p)).toList());
    return request -> signedInbound.matches(request) ? null : standard.resolve(request);
  }

  @Bean
  PasswordEncoder passwordEncoder() {
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }

  /** Closed unless origins are configured: a script on another site may not call the API with a user's cookies. */
  private static CorsConfigurationSource corsSource(
      SecurityProperties properties, PayloadEncryptionProperties encryption) {
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    List<String> temporalUi = encryption.codecServer().allowedOrigins();
    if (!temporalUi.isEmpty()) {
      // The Temporal UI calls the codec from the browser: with the user's access token ("pass access token") or,
      // when "include credentials" is set, with the Pitcrew session cookie of the same user.
      CorsConfiguration codec = new CorsConfiguration();
      codec.setAllowedOrigins(temporalUi);
      codec.addAllowedMethod("POST");
      codec.addAllowedHeader("Authorization");
      codec.addAllowedHeader("Content-Type");
      codec.addAllowedHeader("X-Namespace");
      codec.setAllowCredentials(true);
      codec.setMaxAge(600L);
      source.registerCorsConfiguration(CODEC, codec);
    }
    if (!properties.corsAllowedOrigins().isEmpty()) {
      CorsConfiguration cors = new CorsConfiguration();
      cors.setAllowedOrigins(properties.corsAllowedOrigins());
      cors.addAllowedMethod("*");
      cors.addAllowedHeader("Authorization");
      cors.addAllowedHeader("Content-Type");
      cors.addAllowedHeader("Idempotency-Key");
      cors.setAllowCredentials(false);
      source.registerCorsConfiguration("/api/**", cors);
    }
    return source;
  }
}
