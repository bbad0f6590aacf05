package dev.pitcrew.workflows.chatops;

/**
 * A button on a run's Slack message. A click reaches the API's action registry by {@code actionId}.
 *
 * @param value what the click carries back, normally the workflow ID
 * @param style null, {@code primary} or {@code danger}
 */
public record RunButton(String actionId, String label, String value, String style) {}
