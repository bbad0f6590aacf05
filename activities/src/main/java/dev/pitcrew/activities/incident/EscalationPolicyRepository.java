package dev.pitcrew.activities.incident;

import dev.pitcrew.workflows.incident.EscalationPolicy;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.annotation.Autowired;
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
  /** What new incidents page by, per service (an empty Optional: no policy, the severity's default). */
  private final LoadingCache<String, Optional<EscalationPolicy>> forPaging;
  /** Background re-reads of a cached policy: a JDBC call, so on a virtual thread of its own, never the caller's. */
  private static final Executor REREADS = Executors.newVirtualThreadPerTaskExecutor();

  /** Without the paging cache: every read goes to PostgreSQL. */
  public EscalationPolicyRepository(JdbcClient jdbc) {
    this(jdbc, Duration.ZERO);
  }

  @Autowired
  public EscalationPolicyRepository(JdbcClient jdbc, IncidentProperties properties) {
    this(jdbc, properties.policyCacheTtl());
  }

  EscalationPolicyRepository(JdbcClient jdbc, Duration pagingCacheTtl) {
    this.jdbc = jdbc;
    this.json = JsonMapper.builder().build();
    Caffeine<Object, Object> cache = Caffeine.newBuilder().maximumSize(10_000).executor(REREADS);
    if (pagingCacheTtl.isPositive()) {
      // Re-read in the background, not on the caller's time: once a policy is older than the period, its next use
      // starts a re-read and goes on with the last read, as do the uses while the re-read runs. Expiring it
      // instead (until 2026-12-02) made every use after the period wait for one read, which in a storm waits for a
      // pooled connection behind the workers' records: the door gave up on hundreds of a storm's first pages
      // (its 1 s timeout, counted as policy_unread) and left them to the engine, minutes behind. Never older than two periods: after
      // that (nobody used it, or PostgreSQL could not be read) the next use reads PostgreSQL again.
      cache.refreshAfterWrite(pagingCacheTtl).expireAfterWrite(pagingCacheTtl.multipliedBy(2));
    } else {
      cache.expireAfterWrite(Duration.ZERO);
    }
    this.forPaging = cache.build(this::find);
  }

  /**
   * The policy a new incident of {@code service} pages by, read from PostgreSQL at most once per
   * {@code pitcrew.incidents.policy-cache-ttl}: in an alert storm a thousand incidents of one service cost one read,
   * not a thousand reads waiting for pooled connections ahead of their first page. A save or delete through this
   * process applies at once; one made through another process within the period and the re-read it then starts
   * (never more than two periods).
   */
  public Optional<EscalationPolicy> findForPaging(String service) {
    return forPaging.get(service);
  }

  /**
   * {@link #findForPaging}'s answer if it is in memory now, without reading PostgreSQL: null when it is not (never
   * read, or expired), an empty Optional when the service has no policy. Lets the door skip handing a read that
   * cannot block to a thread of its own.
   */
  public Optional<EscalationPolicy> cachedForPaging(String service) {
    return forPaging.getIfPresent(service);
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
    forPaging.invalidate(policy.service());
  }

  /** @return whether there was a policy to delete */
  public boolean delete(String service) {
    boolean deleted =
        jdbc.sql("delete from escalation_policies where service = :service").param("service", service).update() > 0;
    forPaging.invalidate(service);
    return deleted;
  }
}
