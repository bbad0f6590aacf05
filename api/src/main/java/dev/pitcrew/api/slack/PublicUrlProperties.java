package dev.pitcrew.api.slack;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** @param url where people reach this Pitcrew ({@code PITCREW_PUBLIC_URL}); links in Slack messages start here */
@Validated
@ConfigurationProperties("pitcrew.public")
public record PublicUrlProperties(@NotBlank @Pattern(regexp = "https?://.+") String url) {

  public String base() {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
