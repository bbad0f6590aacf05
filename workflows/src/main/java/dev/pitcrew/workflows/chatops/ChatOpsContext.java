package dev.pitcrew.workflows.chatops;

/**
 * Where a run keeps its Slack message, carried in the run's input so the workflow keeps one message about it up to
 * date in that channel: the channel a command was typed in, or a deployment's catalogued service channel (also for
 * deployments asked for over the API). Null when the run has no channel.
 *
 * @param channel Slack channel ID the message goes to
 * @param requestedBy Slack user ID of whoever asked (rendered as a mention); null when not asked for in Slack
 * @param consoleRunsUrl link prefix of runs in Pitcrew; the workflow ID is appended
 * @param temporalUiRunsUrl link prefix of runs in the Temporal UI (workflow ID appended), or null when there is none
 */
public record ChatOpsContext(String channel, String requestedBy, String consoleRunsUrl, String temporalUiRunsUrl) {}
