package dev.pitcrew.api.remediation;

import dev.pitcrew.workflows.remediation.AlertFacts;
import dev.pitcrew.workflows.remediation.Paging;
import dev.pitcrew.workflows.remediation.RemediationTarget;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Where an alert from Alertmanager goes: to the remediation of the first runbook that matches it, or (none
 * matching) on to the incident path as before. Every alert is recorded for the quality report either way.
 */
@Component
public class AlertRouting {
  private static final Logger log = LoggerFactory.getLogger(AlertRouting.class);
  private final RunbookCatalogue catalogue;
  private final RemediationStarter starter;
  private final AlertHistory history;
  private final Counter historyFailures;

  AlertRouting(RunbookCatalogue catalogue, RemediationStarter starter, AlertHistory history, MeterRegistry registry) {
    this.catalogue = catalogue;
    this.starter = starter;
    this.history = history;
    this.historyFailures = Counter.builder("pitcrew.alerts.history.write.failures")
        .description("Alertmanager deliveries whose alerts could not be recorded for the alert-quality report")
        .register(registry);
  }

  /** The runbooks of one delivery: read once, used for each of its alerts. */
  public Snapshot snapshot() {
    return new Snapshot(catalogue.current());
  }

  /** What became of one alert; {@code remediationId} null when no runbook took it. */
  public record Routed(String remediationId, String runbook, boolean incidentPathToo) {
    static final Routed NONE = new Routed(null, null, true);
  }

  public final class Snapshot {
    private final List<Runbook> runbooks;
    private final List<AlertHistory.Entry> taken = new java.util.ArrayList<>();

    private Snapshot(List<Runbook> runbooks) {
      this.runbooks = runbooks;
    }

    /**
     * Whether a firing alert with these labels goes the incident path at once (no runbook takes it, or its runbook
     * pages immediately), as {@link #firing} would route it; decided from the runbooks alone, with no side effect.
     */
    public boolean opensIncidentAtOnce(Map<String, String> labels) {
      return RunbookCatalogue.firstMatch(runbooks, labels).map(r -> r.paging() == Paging.PAGE_IMMEDIATELY).orElse(true);
    }

    /**
     * A firing alert: starts or joins its remediation. {@code openIncident} runs the incident path first when the
     * runbook pages immediately (or no runbook matches) and answers the incident's ID.
     */
    public Routed firing(String fingerprint, String summary, Map<String, String> labels,
        Map<String, String> annotations, String generatorUrl, String service, Supplier<String> openIncident) {
      Optional<Runbook> match = RunbookCatalogue.firstMatch(runbooks, labels);
      if (match.isEmpty()) {
        String incidentId = openIncident.get();
        taken.add(new AlertHistory.Entry(fingerprint, labels.get("alertname"), service, true, null, null, incidentId));
        return Routed.NONE;
      }
      Runbook runbook = match.get();
      RemediationTarget target = runbook.targetOf(labels).orElseThrow();
      String incidentId = runbook.paging() == Paging.PAGE_IMMEDIATELY ? openIncident.get() : null;
      String remediationId = starter.fire(runbook, target,
          new AlertFacts(labels.get("alertname"), fingerprint, summary, labels, annotations, generatorUrl), incidentId);
      taken.add(new AlertHistory.Entry(fingerprint, labels.get("alertname"), target.service(), true, runbook.name(),
          remediationId, incidentId));
      return new Routed(remediationId, runbook.name(), incidentId != null);
    }

    /**
     * Records the delivery's alerts for the quality report, in one statement. The report is not the point of the
     * delivery: a database that cannot take the row costs the report a row (logged and counted), never the
     * delivery a 503 after its alerts were routed.
     */
    public void recordHistory() {
      try {
        history.record(taken);
      } catch (DataAccessException unavailable) {
        historyFailures.increment();
        log.warn("{} alert(s) not recorded for the alert-quality report: {}", taken.size(), unavailable.getMessage());
      }
      taken.clear();
    }

    /**
     * A resolved alert: delivered to its running remediation as the verification it waits for. Answers whether the
     * incident path should see it too (no remediation took it, or the runbook pages immediately).
     */
    public Routed resolved(String fingerprint, Map<String, String> labels, String service) {
      Optional<Runbook> match = RunbookCatalogue.firstMatch(runbooks, labels);
      if (match.isEmpty()) {
        taken.add(new AlertHistory.Entry(fingerprint, labels.get("alertname"), service, false, null, null, null));
        return Routed.NONE;
      }
      Runbook runbook = match.get();
      RemediationTarget target = runbook.targetOf(labels).orElseThrow();
      boolean delivered = starter.resolve(runbook, target, fingerprint);
      String remediationId = delivered ? dev.pitcrew.workflows.remediation.RemediationIds.workflowIdFor(
          runbook.name(), target) : null;
      taken.add(new AlertHistory.Entry(fingerprint, labels.get("alertname"), target.service(), false, runbook.name(),
          remediationId, null));
      return new Routed(remediationId, runbook.name(), !delivered || runbook.paging() == Paging.PAGE_IMMEDIATELY);
    }
  }
}
