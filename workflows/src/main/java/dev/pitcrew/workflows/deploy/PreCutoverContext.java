package dev.pitcrew.workflows.deploy;

import java.util.Map;

/** What a pre-cutover hook activity receives. */
public record PreCutoverContext(
    String service, String environment, String image, String previousImage, Map<String, String> arguments) {}
