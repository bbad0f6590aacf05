package dev.pitcrew.activities.jira;

import java.util.Map;
import java.util.Optional;

/** Issue operations postmortems need: JIRA Cloud when configured, the outbox otherwise. */
public interface JiraIssues {

  /** The key of an issue carrying {@code label}, if one exists. */
  Optional<String> findByLabel(String label);

  /** @param fields the issue's {@code fields} object; @return the new issue's key */
  String create(Map<String, Object> fields);

  void link(String linkType, String inwardKey, String outwardKey);
}
