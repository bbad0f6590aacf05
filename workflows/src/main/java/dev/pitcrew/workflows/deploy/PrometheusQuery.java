package dev.pitcrew.workflows.deploy;

/**
 * An instant query against Pitcrew's configured Prometheus ({@code /api/v1/query}). The placeholders
 * {@code {{service}}}, {@code {{environment}}} and {@code {{colour}}} are replaced with the deployment's values,
 * so a query can select the new version's pods only.
 */
public record PrometheusQuery(String query) {}
