package dev.pitcrew.workflows.deploy;

/**
 * Point a Service at one colour of a service's Deployments; creates the Service if it does not exist yet.
 *
 * @param containerPort target port, only used when creating the Service
 */
public record ServiceSelection(String namespace, String serviceName, String app, Colour colour, int containerPort) {}
