package dev.pitcrew.activities.analysis;

import dev.pitcrew.workflows.deploy.AnalysisActivities;
import dev.pitcrew.workflows.deploy.AnalysisMetric;
import dev.pitcrew.workflows.deploy.Measurement;
import dev.pitcrew.workflows.deploy.MeasurementPhase;
import dev.pitcrew.workflows.deploy.MeasurementRequest;
import dev.pitcrew.workflows.deploy.MeasurementTarget;
import io.temporal.activity.Activity;
import java.io.IOException;
import java.util.List;
import org.springframework.stereotype.Component;

/** Takes one measurement: a Prometheus query judged by its conditions, or an HTTP smoke check. */
@Component
public class AnalysisActivitiesImpl implements AnalysisActivities {
  private final PrometheusClient prometheus;
  private final HttpSmokeChecker smoke;

  public AnalysisActivitiesImpl(PrometheusClient prometheus, HttpSmokeChecker smoke) {
    this.prometheus = prometheus;
    this.smoke = smoke;
  }

  @Override
  public Measurement measure(MeasurementRequest request) {
    AnalysisMetric metric = request.metric();
    try {
      return metric.http() != null
          ? smoke.check(metric.http(), request.target())
          : judge(metric, prometheus.query(withPlaceholders(metric.prometheus().query(), request.target())));
    } catch (IOException | IllegalArgumentException e) {
      return new Measurement(MeasurementPhase.ERROR, null, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Activity.wrap(e);
    }
  }

  /** Argo Rollouts' rules: failure wins; a lone condition decides both ways; two unmet conditions are inconclusive. */
  static Measurement judge(AnalysisMetric metric, List<Double> samples) {
    String value = samples.toString();
    if (samples.isEmpty()) {
      return new Measurement(MeasurementPhase.ERROR, value, "The query returned no samples");
    }
    ThresholdCondition success = metric.successCondition() == null ? null : ThresholdCondition.parse(metric.successCondition());
    ThresholdCondition failure = metric.failureCondition() == null ? null : ThresholdCondition.parse(metric.failureCondition());
    if (failure != null && failure.holdsFor(samples)) {
      return new Measurement(MeasurementPhase.FAILED, value, "failureCondition " + failure + " holds");
    }
    if (success != null && success.holdsFor(samples)) {
      return new Measurement(MeasurementPhase.SUCCESSFUL, value, "successCondition " + success + " holds");
    }
    if (success != null && failure == null) {
      return new Measurement(MeasurementPhase.FAILED, value, "successCondition " + success + " does not hold");
    }
    if (success == null) {
      return new Measurement(MeasurementPhase.SUCCESSFUL, value, "failureCondition " + failure + " does not hold");
    }
    return new Measurement(MeasurementPhase.INCONCLUSIVE, value, "neither " + success + " nor " + failure + " holds");
  }

  private static String withPlaceholders(String query, MeasurementTarget target) {
    return query
        .replace("{{service}}", target.service())
        .replace("{{environment}}", target.environment())
        .replace("{{colour}}", target.colour().label());
  }
}
