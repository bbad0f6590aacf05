package dev.pitcrew.api.slack.incidents;

import dev.pitcrew.api.incidents.SeverityNames;
import dev.pitcrew.api.incidents.ServiceNames;
import dev.pitcrew.api.slack.UsageException;
import dev.pitcrew.workflows.incident.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The words of {@code incident declare <title…> [sev1-4] [service:<name>]}: the severity and service may stand
 * anywhere; every other word is the title.
 */
record IncidentDeclaration(String title, Severity severity, String service) {
  static final int MAX_TITLE = 150;
  private static final String SERVICE_PREFIX = "service:";

  static IncidentDeclaration parse(List<String> words, String defaultService) {
    Severity severity = null;
    String service = null;
    List<String> title = new ArrayList<>();
    for (String word : words) {
      Optional<Severity> level = SeverityNames.find(word);
      if (level.isPresent()) {
        if (severity != null) {
          throw new UsageException("Give one severity, not both " + severity + " and " + level.get() + ".");
        }
        severity = level.get();
      } else if (word.toLowerCase(Locale.ROOT).startsWith(SERVICE_PREFIX)) {
        if (service != null) {
          throw new UsageException("Give one `service:<name>`, not two.");
        }
        service = word.substring(SERVICE_PREFIX.length());
        if (!ServiceNames.valid(service)) {
          throw new UsageException("`" + word + "` is not a service name: lower-case letters, digits and dashes, "
              + "e.g. `service:game-api`.");
        }
      } else {
        title.add(word);
      }
    }
    if (title.isEmpty()) {
      throw new UsageException("`incident declare` needs a title: what is wrong, in a few words.");
    }
    String joined = String.join(" ", title);
    if (joined.length() > MAX_TITLE) {
      throw new UsageException("The title is " + joined.length() + " characters; at most " + MAX_TITLE
          + ". Put the details in `incident note` once it is open.");
    }
    return new IncidentDeclaration(joined, severity == null ? Severity.SEV3 : severity,
        service == null ? defaultService : service);
  }
}
