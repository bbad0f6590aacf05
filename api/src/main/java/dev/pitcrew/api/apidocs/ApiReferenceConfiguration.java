package dev.pitcrew.api.apidocs;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The API reference, generated from the controllers by springdoc: OpenAPI 3.1 at {@code /v3/api-docs} (and
 * {@code .yaml}), Swagger UI at {@code /swagger-ui.html}, both behind the same login as the rest of the API. The
 * committed copy is {@code docs/api/openapi.yaml}; {@code ApiReferenceTest} fails when the two differ.
 */
@Configuration(proxyBeanMethods = false)
class ApiReferenceConfiguration {
  static final String BEARER = "bearer";

  @Bean
  OpenAPI pitcrewApiReference() {
    return new OpenAPI()
        .info(new Info()
            .title("Pitcrew API")
            .description("""
                Ops automation for a live game: runs, deployments, incidents, support tickets and their SLAs. \
                Every call is authenticated: send an API token (`Authorization: Bearer pct_…`, see \
                `POST /api/v1/tokens`) or an IdP-issued JWT, or sign in with a browser session. Errors are \
                problem JSON (RFC 9457) naming the bad field.""")
            .version("v1")
            .license(new License().name("Apache-2.0").identifier("Apache-2.0")))
        // Relative, so the document is the same on every host and port (and the committed copy stays stable).
        .servers(List.of(new Server().url("/").description("this Pitcrew server")))
        .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
            .type(SecurityScheme.Type.HTTP)
            .scheme("bearer")
            .description("A Pitcrew API token (pct_…) or a JWT from the configured identity provider.")))
        .addSecurityItem(new SecurityRequirement().addList(BEARER));
  }
}
