package dev.pitcrew.workflows.incident;

/**
 * A position on a policy's ladder.
 *
 * @param level 1-based level number
 * @param loop 0 on the first pass through the levels, then 1, 2, ... for each repeat
 */
public record EscalationStep(int level, int loop) {
  public static final EscalationStep FIRST = new EscalationStep(1, 0);
}
