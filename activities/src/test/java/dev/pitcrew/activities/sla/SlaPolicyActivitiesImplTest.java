package dev.pitcrew.activities.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitcrew.activities.support.TestDatabase;
import dev.pitcrew.workflows.sla.SlaTerms;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SLA terms on the real schema: read once per period for a burst of tickets, a save through this process at once. */
class SlaPolicyActivitiesImplTest {
  private final SlaConfigStore config = new SlaConfigStore(TestDatabase.jdbc());

  private static SlaPolicyDocument policy(Duration highFirstResponse) {
    return new SlaPolicyDocument("always",
        List.of(new SlaPolicyDocument.PriorityGoals("High", highFirstResponse, Duration.ofHours(8))),
        List.of(), List.of("Resolved"), List.of(75), null, Duration.ofDays(1));
  }

  @Test
  void termsAreReadOncePerPeriodAndASaveThroughThisProcessAppliesAtOnce() {
    String name = "terms-cache-" + System.nanoTime();
    config.savePolicy(name, policy(Duration.ofMinutes(30)));
    config.saveQueue(new SlaQueue(name, name, null, List.of()));
    SlaPolicyActivitiesImpl terms = new SlaPolicyActivitiesImpl(config, Duration.ofMinutes(10));

    assertThat(terms.termsFor(name, "High").firstResponseMillis()).isEqualTo(Duration.ofMinutes(30).toMillis());
    // Changed behind this process's back, as another replica would: the next tickets still get the terms read.
    TestDatabase.jdbc().sql("update sla_policies set document = jsonb_set(document, '{goals,0,firstResponse}', "
        + "'\"PT5M\"') where name = ?").param(name).update();
    assertThat(terms.termsFor(name, "High").firstResponseMillis()).as("from memory")
        .isEqualTo(Duration.ofMinutes(30).toMillis());
    assertThat(new SlaPolicyActivitiesImpl(config, Duration.ZERO).termsFor(name, "High").firstResponseMillis())
        .as("read every time").isEqualTo(Duration.ofMinutes(5).toMillis());

    config.savePolicy(name, policy(Duration.ofMinutes(45)));
    assertThat(terms.termsFor(name, "High").firstResponseMillis()).as("saved through this process")
        .isEqualTo(Duration.ofMinutes(45).toMillis());
  }

  @Test
  void aConfigurationThatCannotBeResolvedIsNotRemembered() {
    String name = "terms-missing-" + System.nanoTime();
    config.saveQueue(new SlaQueue(name, name, null, List.of()));
    SlaPolicyActivitiesImpl terms = new SlaPolicyActivitiesImpl(config, Duration.ofMinutes(10));
    assertThatThrownBy(() -> terms.termsFor(name, "High")).isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("uses unknown policy");

    // Fixed directly in PostgreSQL (no save through this process): the next read finds it.
    TestDatabase.jdbc().sql("insert into sla_policies (name, document) values (?, ?::jsonb)")
        .params(name, "{\"calendar\":\"always\",\"goals\":[{\"priority\":\"High\",\"firstResponse\":\"PT20M\","
            + "\"resolution\":\"PT8H\"}],\"resolvedStatuses\":[\"Resolved\"]}").update();
    SlaTerms fixed = terms.termsFor(name, "High");
    assertThat(fixed.firstResponseMillis()).isEqualTo(Duration.ofMinutes(20).toMillis());
  }
}
