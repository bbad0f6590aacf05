package dev.pitcrew.api.sla;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/** {@code PUT /api/v1/sla/queues/{name}}: the queue's policy, Slack channel and agents in round-robin order. */
record QueueRequest(@NotBlank String policy, String slackChannel, List<@Valid @NotNull Agent> agents) {

  record Agent(@NotBlank String name, @Email String email, String jiraAccountId, Boolean onDuty) {}
}
