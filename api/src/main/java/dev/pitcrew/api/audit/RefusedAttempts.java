package dev.pitcrew.api.audit;

import dev.pitcrew.activities.audit.AuditOutcome;
import dev.pitcrew.activities.audit.AuditRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * The attempts on one run that were refused (403 or 4xx over REST, a denied or refused Slack command or click), for
 * the run's timeline. A decision refused by its workflow's Update validator never enters the Temporal history, so
 * the audit trail, which records every refused request with its reason, is where the run's story gets it from.
 */
@Service
public class RefusedAttempts {
  private final AuditLogQueries queries;

  RefusedAttempts(AuditLogQueries queries) {
    this.queries = queries;
  }

  /** Oldest first. */
  public List<AuditRecord> on(String workflowId) {
    List<AuditRecord> refused = new ArrayList<>();
    for (AuditOutcome outcome : List.of(AuditOutcome.DENIED, AuditOutcome.REJECTED)) {
      queries.export(new AuditQuery(null, null, null, workflowId, outcome, null, null), refused::add);
    }
    refused.sort(Comparator.comparingLong(AuditRecord::id));
    return refused;
  }
}
