package dev.pitcrew.benchmarks.throughput;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** The baseline: what a self-check does at its core (one activity, one 1 s timer), written with the bare SDK. */
@WorkflowInterface
public interface BareCheckWorkflow {
  @WorkflowMethod
  String check(int holdSeconds);
}
