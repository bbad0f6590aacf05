package dev.pitcrew.api.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.api.support.HttpApi;
import dev.pitcrew.api.support.HttpApi.Response;
import dev.pitcrew.api.support.SharedServerTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The API reference is generated from the code and a copy is committed as {@code docs/api/openapi.yaml}: this test
 * fails when the two differ. After changing an endpoint, regenerate the copy with
 * {@code ./mvnw -pl api -am test -Dtest=ApiReferenceTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dpitcrew.writeOpenApi=true} and commit it.
 */
class ApiReferenceTest extends SharedServerTest {
  /** Maven runs tests in the module directory; the docs live at the repository root. */
  static final Path COMMITTED = Path.of("..", "docs", "api", "openapi.yaml");

  @Test
  void theCommittedReferenceMatchesTheCode() throws IOException {
    Response generated = api.get("/v3/api-docs.yaml");
    assertThat(generated.status()).as(generated.text()).isEqualTo(200);
    String document = generated.raw().body();
    if (Boolean.getBoolean("pitcrew.writeOpenApi")) {
      Files.writeString(COMMITTED, document);
    }
    assertThat(Files.exists(COMMITTED)).as(COMMITTED.toAbsolutePath() + " exists").isTrue();
    assertThat(document)
        .as("docs/api/openapi.yaml differs from the code; regenerate it with -Dpitcrew.writeOpenApi=true "
            + "(see this test's Javadoc) and commit it")
        .isEqualTo(Files.readString(COMMITTED));
  }

  @Test
  void theReferenceIsOpenApi31WithTheBearerSchemeAndEveryEndpoint() {
    Response reference = api.get("/v3/api-docs");
    assertThat(reference.status()).as(reference.text()).isEqualTo(200);
    assertThat(reference.body().get("openapi").asString()).startsWith("3.1");
    assertThat(reference.body().get("components").get("securitySchemes").get("bearer").get("scheme").asString())
        .isEqualTo("bearer");
    assertThat(reference.body().get("paths").has("/api/v1/runs")).isTrue();
    assertThat(reference.body().get("paths").has("/api/v1/outbox")).isTrue();
    assertThat(reference.body().get("paths").has("/api/v1/incidents")).isTrue();
  }

  @Test
  void theReferenceAndSwaggerUiNeedALoginLikeEverythingElse() {
    HttpApi anonymous = new HttpApi(port, null);
    assertThat(anonymous.get("/v3/api-docs").status()).isEqualTo(401);
    assertThat(anonymous.get("/v3/api-docs.yaml").status()).isEqualTo(401);
    assertThat(anonymous.get("/swagger-ui/index.html").status()).isIn(302, 401);
    assertThat(api.get("/swagger-ui/index.html").status()).isEqualTo(200);
  }
}
