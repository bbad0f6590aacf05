package dev.pitcrew.workflows.chatops;

/**
 * Where a run was asked for in Slack, carried in the run's input so the workflow keeps one message about it up to
 * date in that channel. Null in the input of runs started outside Slack.
 *
 * @param channel Slack channel ID the command was typed in
 * @param requestedBy Slack user ID of whoever asked (rendered as a mention)
 * @param consoleRunsUrl link prefix of runs in Pitcrew; the workflow ID is appended
 * @param temporalUiRunsUrl link prefix of runs in the Temporal UI (workflow ID appended), or null when there is none
 */
public record ChatOpsContext(String channel, String requestedBy, String consoleRunsUrl, String temporalUiRunsUrl) {}
