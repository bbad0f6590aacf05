package dev.pitcrew.api.tickets;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/v1/tickets/{key}/events}: something happened to a ticket that lives outside JIRA.
 *
 * @param status the new status (type {@code status}); a pause or resolved status of the policy pauses or resolves
 * @param priority the new priority (type {@code priority})
 * @param by who did it, shown in the run's history
 */
public record TicketEventRequest(
    @NotNull Type type,
    @Size(max = 100) String status,
    @Size(max = 100) String priority,
    @Size(max = 200) String by) {

  public enum Type {
    @JsonProperty("first-response") FIRST_RESPONSE,
    @JsonProperty("status") STATUS,
    @JsonProperty("priority") PRIORITY,
    @JsonProperty("resolve") RESOLVE,
    @JsonProperty("reopen") REOPEN
  }
}
