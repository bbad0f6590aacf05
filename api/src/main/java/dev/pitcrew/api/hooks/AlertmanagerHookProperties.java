package dev.pitcrew.api.hooks;

import dev.pitcrew.api.incidents.ServiceNames;
import dev.pitcrew.workflows.incident.Severity;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pitcrew.hooks.alertmanager.*}: the Prometheus Alertmanager webhook. Credentials are secrets: set them from
 * the environment ({@code PITCREW_HOOKS_ALERTMANAGER_BEARERTOKEN}, or {@code ..._USERNAME} and {@code ..._PASSWORD})
 * or a config tree, never in a committed file. Without any, every delivery is refused.
 *
 * @param bearerToken token Alertmanager sends as {@code Authorization: Bearer <token>}
 * @param username user of HTTP basic auth (with {@code password}); either credential kind, or both, may be set
 * @param dedupMode {@code group}: one incident per Alertmanager group; {@code fingerprint}: one per alert
 * @param serviceLabels labels tried in order for the incident's service
 * @param defaultService the service when none of {@code serviceLabels} is set on an alert
 * @param severityLabel label holding the alert's severity
 * @param severities severity label values (case-insensitive) to Pitcrew severities, on top of the defaults
 *     (critical SEV2, error and warning SEV3, info and none SEV4); {@code sev1}..{@code sev4} always map literally
 * @param defaultSeverity the severity of an alert without the label or with an unmapped value
 * @param maxBodyBytes larger deliveries are refused with 413
 */
@Validated
@ConfigurationProperties("pitcrew.hooks.alertmanager")
public record AlertmanagerHookProperties(
    String bearerToken,
    String username,
    String password,
    @NotNull @DefaultValue("group") DedupMode dedupMode,
    @NotEmpty @DefaultValue({"service", "job", "app"}) List<@NotBlank String> serviceLabels,
    @NotBlank @Pattern(regexp = ServiceNames.REGEX) @DefaultValue("unknown") String defaultService,
    @NotBlank @DefaultValue("severity") String severityLabel,
    Map<String, Severity> severities,
    @NotNull @DefaultValue("SEV3") Severity defaultSeverity,
    @NotNull @DefaultValue("1MB") DataSize maxBodyBytes) {

  /** How alerts are grouped into incidents. */
  public enum DedupMode {
    /** {@code alertmanager:<groupKey>}: the alerts Alertmanager groups together are one incident. */
    GROUP,
    /** {@code alertmanager:<fingerprint>}: every alert is its own incident. */
    FINGERPRINT
  }

  private static final Map<String, Severity> DEFAULT_SEVERITIES = Map.of(
      "critical", Severity.SEV2, "error", Severity.SEV3, "warning", Severity.SEV3,
      "info", Severity.SEV4, "none", Severity.SEV4);

  public AlertmanagerHookProperties {
    if (isSet(username) != isSet(password)) {
      throw new IllegalArgumentException(
          "pitcrew.hooks.alertmanager.username and .password must be set together (HTTP basic auth)");
    }
    Map<String, Severity> merged = new LinkedHashMap<>(DEFAULT_SEVERITIES);
    if (severities != null) {
      severities.forEach((value, severity) -> merged.put(value.toLowerCase(Locale.ROOT), severity));
    }
    severities = Map.copyOf(merged);
    serviceLabels = serviceLabels == null ? List.of() : List.copyOf(serviceLabels);
  }

  boolean bearerConfigured() {
    return isSet(bearerToken);
  }

  boolean basicConfigured() {
    return isSet(username);
  }

  /** The severity of a label value: sev1..sev4 literally, then the mapping, then the default. */
  Severity severityOf(String labelValue) {
    if (labelValue == null || labelValue.isBlank()) {
      return defaultSeverity;
    }
    String value = labelValue.trim().toLowerCase(Locale.ROOT);
    for (Severity severity : Severity.values()) {
      if (severity.name().toLowerCase(Locale.ROOT).equals(value)) {
        return severity;
      }
    }
    return severities.getOrDefault(value, defaultSeverity);
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }

  @Override
  public String toString() {
    return "AlertmanagerHookProperties[bearerToken=" + (isSet(bearerToken) ? "***" : "unset") + ", username="
        + username + ", password=" + (isSet(password) ? "***" : "unset") + ", dedupMode=" + dedupMode
        + ", serviceLabels=" + serviceLabels + ", defaultService=" + defaultService + ", severityLabel="
        + severityLabel + ", severities=" + severities + ", defaultSeverity=" + defaultSeverity
        + ", maxBodyBytes=" + maxBodyBytes + "]";
  }
}
