package dev.pitcrew.api.slack;

/**
 * One click.
 *
 * @param value what the button carries, normally the workflow ID
 * @param messageTs the message the button is on
 */
public record ActionInvocation(SlackIdentity user, String channel, String value, String messageTs) {}
