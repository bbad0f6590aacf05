package dev.pitcrew.api.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.api.support.HttpApi;
import dev.pitcrew.api.support.LocalModeTestProperties;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Without a signing secret the Slack endpoints answer 503 and say what to set. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SlackOffTest {
  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) throws IOException {
    LocalModeTestProperties.register(registry, Files.createTempDirectory("pitcrew-slack-off"));
  }

  @LocalServerPort int port;

  @Test
  void theEndpointsSayWhatIsMissing() {
    HttpApi api = new HttpApi(port);
    for (String path : new String[] {"/slack/events", "/slack/commands", "/slack/interactivity"}) {
      HttpApi.Response answer = api.post(path, "{}");
      assertThat(answer.status()).isEqualTo(503);
      assertThat(answer.body().get("detail").asString())
          .isEqualTo("Pitcrew's Slack app is off: PITCREW_SLACK_MODE is http but PITCREW_SLACK_SIGNINGSECRET is "
              + "not set. See docs/chatops.md.");
    }
    assertThat(api.get("/api/v1/slack/outbox").body().get("items")).isEmpty();
  }
}
