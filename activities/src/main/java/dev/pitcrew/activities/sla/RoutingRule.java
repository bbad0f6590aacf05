package dev.pitcrew.activities.sla;

import java.util.List;

/** Sends tickets matching every given field (null matches anything) to {@code queue}. */
public record RoutingRule(String category, String component, String label, String queue) {

  boolean matches(String ticketCategory, List<String> components, List<String> labels) {
    return (category == null || category.equalsIgnoreCase(ticketCategory))
        && (component == null || (components != null && components.stream().anyMatch(component::equalsIgnoreCase)))
        && (label == null || (labels != null && labels.stream().anyMatch(label::equalsIgnoreCase)));
  }
}
