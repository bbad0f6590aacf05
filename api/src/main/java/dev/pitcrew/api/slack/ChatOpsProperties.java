package dev.pitcrew.api.slack;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may do what from Slack ({@code pitcrew.chatops.*}).
 *
 * @param command the slash command Pitcrew answers
 * @param temporalUiUrl Temporal UI base URL for links in cluster mode (local mode knows its own)
 * @param identities explicit Slack user ID → Pitcrew identity; wins over the email {@code users.info} gives
 * @param defaultRoles roles of every Slack user, mapped or not
 * @param roles role name → what it allows and who has it
 */
@Validated
@ConfigurationProperties("pitcrew.chatops")
public record ChatOpsProperties(
    @NotBlank @Pattern(regexp = "/[a-z0-9_-]+") @DefaultValue("/pitcrew") String command,
    String temporalUiUrl,
    @NotNull @DefaultValue Map<String, String> identities,
    @NotNull @DefaultValue("viewer") List<String> defaultRoles,
    @NotNull @DefaultValue Map<String, @Valid Role> roles) {

  /**
   * @param commands permissions it grants: command names ({@code selfcheck}, {@code deploy}) and action names
   *     ({@code selfcheck.confirm}); {@code *} for all
   * @param environments environments its commands may touch ({@code *} for all); commands without an
   *     environment ignore this
   * @param members Pitcrew identities (emails) or Slack user IDs that have the role
   */
  public record Role(
      @NotNull @DefaultValue List<String> commands,
      @NotNull @DefaultValue List<String> environments,
      @NotNull @DefaultValue List<String> members) {}
}
