package dev.pitcrew.activities.analysis;

import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pitcrew.analysis.*}: where deployment analysis measures.
 *
 * @param prometheusUrl base URL of the Prometheus HTTP API, e.g. {@code http://prometheus.monitoring:9090}; Prometheus
 *     metrics are measured as errors while unset
 * @param smokeBaseUrl base URL of a Service for HTTP smoke checks, with {@code {serviceName}} and {@code {namespace}}
 *     placeholders; the check's path is appended
 * @param requestTimeout timeout of one Prometheus query or smoke request
 */
@Validated
@ConfigurationProperties("pitcrew.analysis")
public record AnalysisProperties(
    String prometheusUrl,
    @DefaultValue("http://{serviceName}.{namespace}.svc.cluster.local") @NotBlank String smokeBaseUrl,
    @DefaultValue("10s") Duration requestTimeout) {}
