package dev.pitcrew.workflows.run;

import io.temporal.workflow.QueryMethod;

/** Every Pitcrew workflow answers the {@value #PHASE_QUERY} query, so generic tooling can show where a run is. */
public interface PhaseAware {
  String PHASE_QUERY = "phase";

  @QueryMethod(name = PHASE_QUERY)
  String phase();
}
