package dev.pitcrew.workflows.deploy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Answers measurements from a per-metric script (Successful once the script runs out) and records each request. */
public class ScriptedAnalysis implements AnalysisActivities {
  private final Map<String, Deque<MeasurementPhase>> scripts = new ConcurrentHashMap<>();
  private final List<MeasurementRequest> requests = new CopyOnWriteArrayList<>();

  ScriptedAnalysis script(String metric, MeasurementPhase... phases) {
    scripts.put(metric, new ArrayDeque<>(List.of(phases)));
    return this;
  }

  List<MeasurementRequest> requests() {
    return List.copyOf(requests);
  }

  @Override
  public synchronized Measurement measure(MeasurementRequest request) {
    requests.add(request);
    Deque<MeasurementPhase> script = scripts.get(request.metric().name());
    MeasurementPhase phase = script == null || script.isEmpty() ? MeasurementPhase.SUCCESSFUL : script.poll();
    return new Measurement(phase, "0.99", "scripted " + phase);
  }
}
