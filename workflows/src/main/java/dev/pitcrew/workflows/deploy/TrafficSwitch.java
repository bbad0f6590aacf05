package dev.pitcrew.workflows.deploy;

/**
 * The result of pointing a Service at a colour.
 *
 * @param fromColour what it selected before; null if the Service was created
 * @param switchMillis how long the selector patch took, as seen by the worker; 0 when nothing had to change
 * @param alreadyInPlace the Service already selected the colour (e.g. a retry after a worker crash)
 */
public record TrafficSwitch(
    String serviceName, Colour fromColour, Colour toColour, long switchMillis, boolean alreadyInPlace) {}
