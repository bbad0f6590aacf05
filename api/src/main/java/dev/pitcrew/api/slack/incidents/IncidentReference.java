package dev.pitcrew.api.slack.incidents;

import dev.pitcrew.workflows.incident.IncidentIds;
import dev.pitcrew.api.incidents.IncidentTable;
import dev.pitcrew.api.slack.CommandInvocation;
import dev.pitcrew.api.slack.UsageException;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Which incident a command means: the ID when its first word is one, otherwise the incident whose channel the
 * command was typed in.
 */
@Component
class IncidentReference {
  /** Incident workflow IDs all start so (see {@code IncidentIds}); no other word in a command does. */

  /** The incident, and the words after its ID (all of them when the channel named it). */
  record Target(String incidentId, List<String> rest) {
    String text() {
      return rest.isEmpty() ? null : String.join(" ", rest);
    }
  }

  private final IncidentTable records;

  IncidentReference(IncidentTable records) {
    this.records = records;
  }

  Target resolve(List<String> words, CommandInvocation invocation, String usage) {
    if (!words.isEmpty() && words.getFirst().startsWith(IncidentIds.PREFIX)) {
      return new Target(words.getFirst(), words.subList(1, words.size()));
    }
    String channel = invocation.channelName();
    Optional<String> inChannel = channel == null ? Optional.empty() : records.incidentOfChannel(channel);
    return inChannel.map(id -> new Target(id, words)).orElseThrow(() -> new UsageException(
        (channel == null ? "This is not an incident's channel" : "#" + channel + " is not an incident's channel")
            + ": name the incident, `" + usage + "`, or type it in the incident's channel."));
  }
}
