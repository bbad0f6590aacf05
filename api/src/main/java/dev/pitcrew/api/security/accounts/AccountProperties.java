package dev.pitcrew.api.security.accounts;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Local accounts and browser sessions ({@code pitcrew.security.accounts.*}).
 *
 * @param maxFailedAttempts wrong passwords or codes in a row before the account is locked
 * @param lockDuration how long a locked account refuses every login (an admin may unlock it sooner)
 * @param totpIssuer the name authenticator apps show beside the account
 * @param sessions how long a browser session lives
 */
@Validated
@ConfigurationProperties("pitcrew.security.accounts")
public record AccountProperties(
    @Min(1) @Max(100) @DefaultValue("5") int maxFailedAttempts,
    @NotNull @DefaultValue("15m") Duration lockDuration,
    @NotBlank @DefaultValue("Pitcrew") String totpIssuer,
    @NotNull @Valid @DefaultValue Sessions sessions) {

  /**
   * @param idleTimeout a session unused this long ends
   * @param absoluteTimeout a session ends this long after its login however busy it is, so a stolen cookie has
   *     a bounded life
   */
  public record Sessions(
      @NotNull @DefaultValue("30m") Duration idleTimeout,
      @NotNull @DefaultValue("12h") Duration absoluteTimeout) {}
}
