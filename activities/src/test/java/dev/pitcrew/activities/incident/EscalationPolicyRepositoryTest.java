package dev.pitcrew.activities.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitcrew.activities.support.TestDatabase;
import dev.pitcrew.workflows.incident.BusinessHours;
import dev.pitcrew.workflows.incident.EscalationLevel;
import dev.pitcrew.workflows.incident.EscalationPolicy;
import dev.pitcrew.workflows.incident.EscalationTarget;
import java.time.DayOfWeek;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EscalationPolicyRepositoryTest {
  private EscalationPolicyRepository policies;

  @BeforeEach
  void emptyTable() {
    TestDatabase.jdbc().sql("truncate escalation_policies").update();
    policies = new EscalationPolicyRepository(TestDatabase.jdbc());
  }

  private static EscalationPolicy payments(int repeats) {
    return new EscalationPolicy("payments",
        List.of(
            new EscalationLevel(5, List.of(new EscalationTarget("payments-night", "S-ONCALL")),
                List.of(new EscalationTarget("payments-day", "S-TEAM"))),
            new EscalationLevel(15, List.of(new EscalationTarget(null, "S-MANAGERS")), List.of())),
        repeats,
        new BusinessHours("Europe/Berlin", 9, 18, List.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY)),
        true);
  }

  @Test
  void savesAndReadsBackAPolicyWithBusinessHours() {
    policies.save(payments(2), "alice");

    assertThat(policies.find("payments")).contains(payments(2));
    assertThat(policies.find("matchmaking")).isEmpty();
  }

  @Test
  void savingAgainReplacesAndDeleteRemoves() {
    policies.save(payments(2), "alice");
    policies.save(payments(9), "bob");

    assertThat(policies.findAll()).containsExactly(payments(9));
    assertThat(TestDatabase.jdbc().sql("select updated_by from escalation_policies").query(String.class).single())
        .isEqualTo("bob");
    assertThat(policies.delete("payments")).isTrue();
    assertThat(policies.delete("payments")).isFalse();
    assertThat(policies.find("payments")).isEmpty();
  }

  @Test
  void newIncidentsReadAPolicyOncePerPeriodAndSeeSavesAtOnce() {
    EscalationPolicyRepository cached = new EscalationPolicyRepository(TestDatabase.jdbc(), Duration.ofMinutes(10));
    cached.save(payments(2), "alice");
    assertThat(cached.findForPaging("payments")).contains(payments(2));

    // Changed behind this process's back (another replica): served from memory until the period ends.
    TestDatabase.jdbc().sql("delete from escalation_policies").update();
    assertThat(cached.findForPaging("payments")).as("from memory").contains(payments(2));
    assertThat(cached.find("payments")).as("the settings' own read").isEmpty();

    // Saved or deleted through this process: new incidents page by it at once.
    cached.save(payments(9), "bob");
    assertThat(cached.findForPaging("payments")).contains(payments(9));
    cached.delete("payments");
    assertThat(cached.findForPaging("payments")).isEmpty();
    // Without a period every incident reads PostgreSQL.
    policies.save(payments(3), "carol");
    TestDatabase.jdbc().sql("delete from escalation_policies").update();
    assertThat(policies.findForPaging("payments")).isEmpty();
  }

  @Test
  void aPolicyOlderThanThePeriodIsReReadInTheBackgroundWhileItsUsesGoOnWithTheLastRead() throws Exception {
    EscalationPolicyRepository cached = new EscalationPolicyRepository(TestDatabase.jdbc(), Duration.ofMillis(300));
    cached.save(payments(2), "alice");
    assertThat(cached.findForPaging("payments")).contains(payments(2));
    TestDatabase.jdbc().sql("delete from escalation_policies").update();
    Thread.sleep(350);

    // Older than the period: this use gets the last read at once (no wait for PostgreSQL) and starts a re-read.
    assertThat(cached.findForPaging("payments")).as("the last read, not a wait").contains(payments(2));
    assertThat(eventually(() -> cached.findForPaging("payments").isEmpty())).as("re-read in the background").isTrue();

    // Unused for two periods: gone from memory, so the next use reads PostgreSQL itself.
    cached.save(payments(4), "bob");
    assertThat(cached.findForPaging("payments")).contains(payments(4));
    TestDatabase.jdbc().sql("delete from escalation_policies").update();
    // Not polled: a look at a policy older than the period is a use, and starts a re-read that keeps it in memory.
    Thread.sleep(700);
    assertThat(cached.cachedForPaging("payments")).as("expired after two periods unused").isNull();
    assertThat(cached.findForPaging("payments")).isEmpty();
  }

  private static boolean eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }

  @Test
  void refusesPoliciesOutsideTheLimits() {
    assertThatThrownBy(() -> payments(10)).hasMessageContaining("repeats");
    assertThatThrownBy(() -> new EscalationLevel(0, List.of(new EscalationTarget("x", null)), List.of()))
        .hasMessageContaining("at least 1");
  }
}
