package dev.pitcrew.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code pitcrew.web} with nothing set: the defaults the README documents, bound as Spring Boot binds them. */
class WebProtectionPropertiesTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    WebProtectionProperties defaults =
        new Binder(new MapConfigurationPropertySource()).bindOrCreate("pitcrew.web", WebProtectionProperties.class);

    assertThat(defaults.maxBodyBytes().toMegabytes()).isEqualTo(1);
    assertThat(defaults.trustedProxies()).isEmpty();
    assertThat(defaults.rateLimits().enabled()).isTrue();
    assertThat(defaults.rateLimits().perPrincipal()).hasToString("20/1s burst 40");
    assertThat(defaults.rateLimits().perAddress()).hasToString("50/1s burst 100");
    assertThat(defaults.rateLimits().login()).hasToString("5/1m burst 10");
    assertThat(defaults.rateLimits().webhooks()).hasToString("100/1s burst 1000");
  }
}
