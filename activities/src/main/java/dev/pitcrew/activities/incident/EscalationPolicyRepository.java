package dev.pitcrew.activities.incident;

import dev.pitcrew.workflows.incident.EscalationPolicy;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * Per-service escalation policies, stored as JSON documents. {@link EscalationPolicy}'s constructor validates, so
 * an invalid policy can neither be saved nor read back.
 */
@Repository
public class EscalationPolicyRepository {
  private final JdbcClient jdbc;
  private final JsonMapper json;

  public EscalationPolicyRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
    this.json = JsonMapper.builder().build();
  }

  public Optional<EscalationPolicy> find(String service) {
    return jdbc.sql("select policy::text from escalation_policies where service = :service")
        .param("service", service)
        .query(String.class)
        .optional()
        .map(document -> json.readValue(document, EscalationPolicy.class));
  }

  public List<EscalationPolicy> findAll() {
    return jdbc.sql("select policy::text from escalation_policies order by service")
        .query(String.class)
        .list()
        .stream()
        .map(document -> json.readValue(document, EscalationPolicy.class))
        .toList();
  }

  /** Creates or replaces the policy of {@code policy.service()}. */
  public void save(EscalationPolicy policy, String updatedBy) {
    jdbc.sql("""
            insert into escalation_policies (service, policy, updated_by, updated_at)
            values (:service, cast(:policy as jsonb), :updatedBy, now())
            on conflict (service) do update
              set policy = excluded.policy, updated_by = excluded.updated_by, updated_at = excluded.updated_at
            """)
        .param("service", policy.service())
        .param("policy", json.writeValueAsString(policy))
        .param("updatedBy", updatedBy)
        .update();
  }

  /** @return whether there was a policy to delete */
  public boolean delete(String service) {
    return jdbc.sql("delete from escalation_policies where service = :service").param("service", service).update() > 0;
  }
}
