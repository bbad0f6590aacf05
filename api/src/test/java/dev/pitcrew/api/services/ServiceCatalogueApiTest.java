package dev.pitcrew.api.services;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.api.support.HttpApi;
import dev.pitcrew.api.support.HttpApi.Response;
import dev.pitcrew.api.support.SharedServerTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The service catalogue over real HTTP, stored in the real (embedded) PostgreSQL through the Flyway migration. */
class ServiceCatalogueApiTest extends SharedServerTest {
  @Autowired JdbcClient jdbc;

  @Test
  void anEntryIsCreatedReplacedAndReadBack() {
    Response created = api.put("/api/v1/services/match-maker", """
        {"imageRepository":"registry.example/studio/match-maker","environments":["staging","production"],
         "slackChannel":"C0MATCH","strategy":{"scaleDownDelaySeconds":60,"approvalPolicy":{"timeoutSeconds":3600},
         "prePromotionAnalysis":{"metrics":[{"name":"health","http":{"path":"/healthz"}}]}}}""");

    assertThat(created.status()).as(created.text()).isEqualTo(201);
    assertThat(created.raw().headers().firstValue("Location")).hasValue("/api/v1/services/match-maker");
    assertThat(created.body().get("replicas").asInt()).as("default replicas").isEqualTo(2);
    assertThat(created.body().get("containerPort").asInt()).as("default port").isEqualTo(8080);
    assertThat(created.body().get("strategy").get("scaleDownDelaySeconds").asInt()).isEqualTo(60);
    assertThat(created.body().get("strategy").get("prePromotionAnalysis").get("metrics").get(0).get("http")
        .get("path").asString()).isEqualTo("/healthz");

    Map<String, Object> row = jdbc.sql("select image_repository, environments::text as environments, "
            + "strategy ->> 'scaleDownDelaySeconds' as delay, slack_channel from service_catalogue where name = ?")
        .param("match-maker").query().singleRow();
    assertThat(row).containsEntry("image_repository", "registry.example/studio/match-maker")
        .containsEntry("environments", "{staging,production}").containsEntry("delay", "60")
        .containsEntry("slack_channel", "C0MATCH");

    Response replaced = api.put("/api/v1/services/match-maker", """
        {"imageRepository":"registry.example/studio/match-maker","environments":["staging"],"replicas":4}""");
    assertThat(replaced.status()).as(replaced.text()).isEqualTo(200);
    JsonNode read = api.get("/api/v1/services/match-maker").body();
    assertThat(read.get("replicas").asInt()).isEqualTo(4);
    assertThat(read.get("environments").valueStream().map(JsonNode::asString).toList()).containsExactly("staging");
    assertThat(read.has("slackChannel")).as("a PUT replaces the whole entry").isFalse();
    assertThat(read.get("strategy").has("scaleDownDelaySeconds")).isFalse();

    assertThat(api.get("/api/v1/services").body().get("items").valueStream()
        .map(s -> s.get("name").asString()).toList()).contains("match-maker");
  }

  @Test
  void anUnknownServiceIs404() {
    Response missing = api.get("/api/v1/services/no-such-service");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body().get("detail").asString())
        .isEqualTo("Service 'no-such-service' is not in the service catalogue; add it with "
            + "PUT /api/v1/services/no-such-service");
  }

  @Test
  void badValuesAreRefusedNamingTheFieldAndNothingIsStored() {
    assertThat(fieldsOf(api.put("/api/v1/services/rejected-api", """
        {"imageRepository":"registry.example/rejected-api:1.0","environments":["staging"],"replicas":2,
         "strategy":{"scaleDownDelaySeconds":-5,"rollbackWindowSeconds":-1,"previewReplicaCount":3,
                     "approvalPolicy":{"timeoutSeconds":-10}}}""")))
        .containsExactlyInAnyOrder("imageRepository", "strategy.scaleDownDelaySeconds",
            "strategy.rollbackWindowSeconds", "strategy.previewReplicaCount", "strategy.approvalPolicy.timeoutSeconds");
    assertThat(fieldsOf(api.put("/api/v1/services/rejected-api", """
        {"imageRepository":"registry.example/rejected-api","environments":["Staging_EU"],"slackChannel":"#ops",
         "containerPort":70000}"""))).containsExactlyInAnyOrder("environments[0]",
        "slackChannel", "containerPort");
    assertThat(fieldsOf(api.put("/api/v1/services/rejected-api", """
        {"imageRepository":"registry.example/rejected-api","environments":[]}"""))).containsExactly("environments");
    assertThat(fieldsOf(api.put("/api/v1/services/rejected-api", """
        {"imageRepository":"registry.example/rejected-api","environments":["staging"],"strategy":{"colour":"red"}}""")))
        .containsExactly("strategy.colour");
    assertThat(fieldsOf(api.put("/api/v1/services/Game_API", """
        {"imageRepository":"registry.example/rejected-api","environments":["staging"]}"""))).containsExactly("name");

    assertThat(jdbc.sql("select count(*) from service_catalogue where name in ('rejected-api', 'Game_API')")
        .query(Long.class).single()).isZero();
  }

  private static List<String> fieldsOf(Response response) {
    assertThat(response.status()).as(response.text()).isEqualTo(400);
    return response.body().get("errors").valueStream().map(e -> e.get("field").asString()).toList();
  }
}
