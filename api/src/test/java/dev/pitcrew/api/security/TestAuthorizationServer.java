package dev.pitcrew.api.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real OIDC identity provider for tests: Spring Authorization Server in its own small application on a free
 * port, with one confidential client (authorization code with PKCE, client credentials), one person whose tokens
 * carry {@code email} and {@code groups}, and an RSA signing key the test can also sign with directly (expired or
 * wrong-audience tokens without waiting).
 */
public final class TestAuthorizationServer implements AutoCloseable {
  public static final String CLIENT_ID = "pitcrew-test";
  public static final String CLIENT_SECRET = "pitcrew-test-secret";
  public static final String USERNAME = "alice";
  public static final String PASSWORD = "alice-password";
  public static final String EMAIL = "alice@studio.example";
  public static final String MACHINE_EMAIL = "ci-bot@studio.example";
  public static final List<String> GROUPS = List.of("studio-operators", "everyone");

  private final ConfigurableApplicationContext context;
  private final String issuer;
  private final RSAKey key;

  private TestAuthorizationServer(ConfigurableApplicationContext context, String issuer, RSAKey key) {
    this.context = context;
    this.issuer = issuer;
    this.key = key;
  }

  /** @param redirectUri where the client's codes go (Pitcrew's {@code /login/oauth2/code/oidc}) */
  public static TestAuthorizationServer start(int port, String redirectUri) {
    String issuer = "http://127.0.0.1:" + port;
    RSAKey key = newKey();
    Settings settings = new Settings(issuer, redirectUri, key);
    ConfigurableApplicationContext context = new SpringApplicationBuilder(Idp.class)
        .web(WebApplicationType.SERVLET)
        .initializers(c -> c.getBeanFactory().registerSingleton("idpSettings", settings))
        // Its own configuration name, so Pitcrew's application.yaml (and its test settings) stay out of it.
        .properties("server.port=" + port, "spring.config.name=test-authorization-server",
            "spring.main.banner-mode=off", "server.address=127.0.0.1")
        .run();
    return new TestAuthorizationServer(context, issuer, key);
  }

  public String issuer() {
    return issuer;
  }

  /** An access token for the machine client (client credentials grant). */
  public String clientCredentialsToken() {
    HttpRequest request = HttpRequest.newBuilder(URI.create(issuer + "/oauth2/token"))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
            (CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=pitcrew"))
        .build();
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("token endpoint answered " + response.statusCode() + ": " + response.body());
      }
      JsonNode body = JsonMapper.builder().build().readTree(response.body());
      return body.get("access_token").asString();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A token signed with this server's key, with whatever issuer, audience and expiry the test needs. */
  public String sign(String tokenIssuer, String audience, Instant expiresAt) {
    return sign(key, tokenIssuer, audience, expiresAt);
  }

  /** A token signed with a key nobody published, claiming to come from this issuer. */
  public String signWithForeignKey() {
    return sign(newKey(), issuer, CLIENT_ID, Instant.now().plus(Duration.ofMinutes(5)));
  }

  private static String sign(RSAKey signingKey, String tokenIssuer, String audience, Instant expiresAt) {
    NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(signingKey)));
    JwtClaimsSet claims = JwtClaimsSet.builder()
        .issuer(tokenIssuer)
        .subject(CLIENT_ID)
        .audience(List.of(audience))
        .issuedAt(expiresAt.minus(Duration.ofMinutes(10)))
        .notBefore(expiresAt.minus(Duration.ofMinutes(10)))
        .expiresAt(expiresAt)
        .claim("email", MACHINE_EMAIL)
        .claim("groups", GROUPS)
        .build();
    return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims))
        .getTokenValue();
  }

  @Override
  public void close() {
    context.close();
  }

  private static RSAKey newKey() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair pair = generator.generateKeyPair();
      return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
          .keyID(UUID.randomUUID().toString()).build();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The CSRF token of a Spring Security form in an HTML page. */
  public static String csrfToken(String html) {
    Matcher matcher = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"_csrf\"")
        .matcher(html);
    if (!matcher.find()) {
      throw new IllegalStateException("no CSRF token in " + html);
    }
    return matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
  }

  record Settings(String issuer, String redirectUri, RSAKey key) {}

  /**
   * The authorization server application: only a web server, Spring Security and the authorization server. A test
   * configuration, so neither Pitcrew's component scan nor {@code @SpringBootTest}'s search picks it up.
   */
  @TestConfiguration(proxyBeanMethods = false)
  @EnableWebSecurity
  @ImportAutoConfiguration({TomcatServletWebServerAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
      SecurityFilterAutoConfiguration.class})
  static class Idp {
    @Bean
    @Order(1)
    SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
      OAuth2AuthorizationServerConfigurer server = new OAuth2AuthorizationServerConfigurer();
      http.securityMatcher(server.getEndpointsMatcher())
          .with(server, s -> s.oidc(Customizer.withDefaults()))
          .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
          .oauth2ResourceServer(resource -> resource.jwt(Customizer.withDefaults()))
          .exceptionHandling(errors -> errors.defaultAuthenticationEntryPointFor(
              new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
      return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain loginForm(HttpSecurity http) throws Exception {
      http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
          .formLogin(Customizer.withDefaults());
      return http.build();
    }

    @Bean
    UserDetailsService people() {
      return new InMemoryUserDetailsManager(
          User.withUsername(USERNAME).password("{noop}" + PASSWORD).roles("USER").build());
    }

    @Bean
    RegisteredClientRepository clients(Settings settings) {
      return new InMemoryRegisteredClientRepository(RegisteredClient.withId(UUID.randomUUID().toString())
          .clientId(CLIENT_ID)
          .clientSecret("{noop}" + CLIENT_SECRET)
          .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
          .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
          .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
          .redirectUri(settings.redirectUri())
          .postLogoutRedirectUri(settings.redirectUri().replaceFirst("/login/oauth2/code/oidc$", "/login?logout"))
          .scope(OidcScopes.OPENID)
          .scope(OidcScopes.PROFILE)
          .scope(OidcScopes.EMAIL)
          .scope("pitcrew")
          .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
          .build());
    }

    /** The person's email and groups in their tokens; the machine client gets its own email. */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> claims() {
      return context -> {
        boolean person = USERNAME.equals(context.getPrincipal().getName());
        context.getClaims().claim("email", person ? EMAIL : MACHINE_EMAIL);
        context.getClaims().claim("groups", GROUPS);
      };
    }

    @Bean
    JWKSource<SecurityContext> keys(Settings settings) {
      return new ImmutableJWKSet<>(new JWKSet(settings.key()));
    }

    @Bean
    JwtDecoder jwtDecoder(JWKSource<SecurityContext> keys) {
      return OAuth2AuthorizationServerConfiguration.jwtDecoder(keys);
    }

    @Bean
    AuthorizationServerSettings serverSettings(Settings settings) {
      return AuthorizationServerSettings.builder().issuer(settings.issuer()).build();
    }
  }
}
