package dev.pitcrew.api.slack;

import com.slack.api.Slack;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import dev.pitcrew.activities.slack.IncidentSummaryMessage;
import dev.pitcrew.activities.slack.SlackProperties;
import dev.pitcrew.workflows.chatops.ChatOpsActions;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Bolt app: routes {@code /pitcrew}, button clicks and menu choices to the {@link ChatOpsDispatcher} and
 * acknowledges at once. The same app serves HTTP ({@link SlackController}) and Socket Mode ({@link SlackSocketMode}). Bolt's own
 * signature check is off because {@link SlackRequestVerifier} runs first and is stricter; Bolt gets no bot token
 * (Pitcrew's Web API calls go through {@code SlackDelivery}), so it makes no calls to Slack of its own.
 */
@Configuration(proxyBeanMethods = false)
public class SlackAppConfiguration {
  private static final Logger log = LoggerFactory.getLogger(SlackAppConfiguration.class);
  /**
   * The controls Pitcrew answers: run cards' buttons ({@code pitcrew.…}) and the incident summary's, whose IDs
   * the incident channel's message fixed before ChatOps existed. Other block actions (link buttons) get Bolt's
   * plain acknowledgement.
   */
  static final Pattern ACTION_IDS = Pattern.compile("^(" + Pattern.quote(ChatOpsActions.PREFIX) + ".+|"
      + Stream.of(IncidentSummaryMessage.ACKNOWLEDGE_ACTION, IncidentSummaryMessage.ESCALATE_ACTION,
              IncidentSummaryMessage.RESOLVE_ACTION, IncidentSummaryMessage.SEVERITY_ACTION)
          .map(Pattern::quote).collect(Collectors.joining("|"))
      + ")$");

  @Bean(destroyMethod = "stop")
  App slackApp(Slack slack, SlackProperties slackProperties, ChatOpsProperties chatOps, ChatOpsDispatcher dispatcher) {
    AppConfig config =
        AppConfig.builder()
            .slack(slack)
            .signingSecret(slackProperties.signingSecret())
            .singleTeamBotToken(null)
            .clientId(null)
            .clientSecret(null)
            .requestVerificationEnabled(false)
            .build();
    App app = new App(config);
    app.command(chatOps.command(), (req, ctx) -> {
      SlashCommandPayload p = req.getPayload();
      dispatcher.acceptCommand(new ChatOpsDispatcher.CommandRequest(
          p.getTeamId(), p.getUserId(), p.getChannelId(), p.getChannelName(), p.getText(), p.getResponseUrl()));
      return ctx.ack();
    });
    app.blockAction(ACTION_IDS, (req, ctx) -> {
      BlockActionPayload p = req.getPayload();
      BlockActionPayload.Action clicked = p.getActions().getFirst();
      // A button carries a value; a select menu carries the option chosen instead.
      String value = clicked.getValue() != null || clicked.getSelectedOption() == null
          ? clicked.getValue()
          : clicked.getSelectedOption().getValue();
      dispatcher.acceptAction(new ChatOpsDispatcher.ActionRequest(
          p.getTeam() == null ? null : p.getTeam().getId(),
          p.getUser().getId(),
          p.getChannel() == null ? null : p.getChannel().getId(),
          clicked.getActionId(),
          value,
          p.getContainer() == null ? null : p.getContainer().getMessageTs(),
          p.getResponseUrl(),
          clicked.getBlockId()));
      return ctx.ack();
    });
    log.info("Slack: {} ({}), command {}", slackProperties.effectiveMode(),
        slackProperties.effectiveMode() == SlackProperties.Mode.OFF ? slackProperties.offReason() : "ready",
        chatOps.command());
    return app;
  }
}
