package dev.pitcrew.workflows.run;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/**
 * Custom search attributes Pitcrew sets on runs so on-call can filter them in the Temporal UI. They must be
 * registered on the namespace (Pitcrew registers them at start-up where the server allows it).
 */
public final class PitcrewSearchAttributes {
  public static final SearchAttributeKey<String> TYPE = SearchAttributeKey.forKeyword("PitcrewType");
  public static final SearchAttributeKey<String> SERVICE = SearchAttributeKey.forKeyword("PitcrewService");
  public static final SearchAttributeKey<String> ENVIRONMENT = SearchAttributeKey.forKeyword("PitcrewEnvironment");
  public static final SearchAttributeKey<String> SEVERITY = SearchAttributeKey.forKeyword("PitcrewSeverity");
  public static final SearchAttributeKey<String> STATUS = SearchAttributeKey.forKeyword("PitcrewStatus");
  public static final SearchAttributeKey<String> PHASE = SearchAttributeKey.forKeyword("PitcrewPhase");
  /** The container image a deployment rolls out. */
  public static final SearchAttributeKey<String> IMAGE = SearchAttributeKey.forKeyword("PitcrewImage");

  public static final List<SearchAttributeKey<String>> ALL =
      List.of(TYPE, SERVICE, ENVIRONMENT, SEVERITY, STATUS, PHASE, IMAGE);

  private PitcrewSearchAttributes() {}
}
