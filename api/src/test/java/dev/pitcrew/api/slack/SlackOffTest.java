package dev.pitcrew.api.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.api.support.HttpApi;
import dev.pitcrew.api.support.SharedServerTest;
import org.junit.jupiter.api.Test;

/** Without a signing secret the Slack endpoints answer 503 and say what to set. */
class SlackOffTest extends SharedServerTest {
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
  }
}
