package dev.pitcrew.activities.sla;

import java.util.List;

/** A support queue: the policy its tickets follow, its Slack channel and its agents in round-robin order. */
public record SlaQueue(String name, String policy, String slackChannel, List<Agent> agents) {

  public record Agent(String name, String email, String jiraAccountId, boolean onDuty) {}
}
