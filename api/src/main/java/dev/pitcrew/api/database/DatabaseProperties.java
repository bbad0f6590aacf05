package dev.pitcrew.api.database;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long Pitcrew waits for PostgreSQL before it gives up and says so (503, health DOWN) instead of hanging.
 * Applies to the embedded and to an external database alike; migrations are exempt (see
 * {@link MigrationConnections}).
 *
 * @param connectionTimeout how long a request waits for a pooled connection, and a new connection to be opened
 * @param statementTimeout how long PostgreSQL lets one statement run before cancelling it; 0 sets none (needed
 *     behind PgBouncer, which refuses the startup parameter that carries it)
 * @param socketTimeout how long the driver waits for any answer on an open connection: what ends the wait on a
 *     database that is stalled (paused, hung disk, dropped network), where statement_timeout cannot fire
 * @param healthTimeout how long the {@code db} health check waits for {@code select 1} before reporting DOWN
 */
@Validated
@ConfigurationProperties("pitcrew.database")
public record DatabaseProperties(
    @NotNull @DefaultValue("5s") Duration connectionTimeout,
    @NotNull @DefaultValue("5s") Duration statementTimeout,
    @NotNull @DefaultValue("6s") Duration socketTimeout,
    @NotNull @DefaultValue("2s") Duration healthTimeout) {

  /** A socket timeout at or under the statement timeout would cut off statements PostgreSQL would still allow. */
  @AssertTrue(message = "pitcrew.database.socket-timeout must be longer than pitcrew.database.statement-timeout")
  public boolean isSocketTimeoutLongerThanStatementTimeout() {
    return socketTimeout == null || statementTimeout == null || socketTimeout.compareTo(statementTimeout) > 0;
  }
}
