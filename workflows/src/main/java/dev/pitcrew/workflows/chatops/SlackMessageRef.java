package dev.pitcrew.workflows.chatops;

/** One Slack message: its channel and timestamp ({@code ts}), the key Slack updates and threads it by. */
public record SlackMessageRef(String channel, String ts) {}
