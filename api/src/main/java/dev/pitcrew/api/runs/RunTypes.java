package dev.pitcrew.api.runs;

import dev.pitcrew.api.problem.ApiException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** The run types this server can start, by API name and by Temporal workflow type. */
@Component
public class RunTypes {
  private final Map<String, RunType<?>> byName;
  private final Map<String, RunType<?>> byWorkflowType;

  RunTypes(List<RunType<?>> types) {
    this.byName = types.stream().collect(Collectors.toMap(RunType::name, Function.identity(), (a, b) -> a, TreeMap::new));
    this.byWorkflowType = types.stream().collect(Collectors.toMap(RunType::workflowType, Function.identity()));
  }

  public RunType<?> named(String name) {
    if (name == null || name.isBlank()) {
      throw ApiException.badField("type", "is required; one of " + byName.keySet());
    }
    RunType<?> type = byName.get(name);
    if (type == null) {
      throw ApiException.badField("type", "unknown run type '" + name + "'; one of " + byName.keySet());
    }
    return type;
  }

  public Optional<RunType<?>> ofWorkflowType(String workflowType) {
    return Optional.ofNullable(byWorkflowType.get(workflowType));
  }

  public boolean exists(String name) {
    return byName.containsKey(name);
  }
}
