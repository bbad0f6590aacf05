package dev.pitcrew.api.hooks;

import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pitcrew.hooks.pagerduty.*}: PagerDuty v3 webhook subscriptions. The signing secrets are secrets: set them
 * from the environment ({@code PITCREW_HOOKS_PAGERDUTY_SECRETS}, comma-separated) or a config tree. Without any,
 * every delivery is refused.
 *
 * @param secrets the signing secrets of the subscriptions; a delivery signed with any of them is accepted, so a
 *     secret is rotated by adding the new one, then removing the old one once PagerDuty signs with the new
 * @param maxBodyBytes larger deliveries are refused with 413
 */
@Validated
@ConfigurationProperties("pitcrew.hooks.pagerduty")
public record PagerDutyHookProperties(List<String> secrets, @NotNull @DefaultValue("1MB") DataSize maxBodyBytes) {

  public PagerDutyHookProperties {
    secrets = secrets == null ? List.of() : secrets.stream().filter(s -> s != null && !s.isBlank()).toList();
  }

  boolean configured() {
    return !secrets.isEmpty();
  }

  @Override
  public String toString() {
    return "PagerDutyHookProperties[secrets=" + secrets.size() + " configured, maxBodyBytes=" + maxBodyBytes + "]";
  }
}
