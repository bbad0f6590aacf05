package dev.pitcrew.api.services;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.workflows.deploy.BlueGreenStrategy;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The {@code service_catalogue} table: per-service deployment defaults. */
@Repository
public class ServiceCatalogue {
  private static final String COLUMNS =
      "name, image_repository, environments, replicas, container_port, slack_channel, strategy::text as strategy, "
          + "created_at, updated_at";

  private final JdbcClient jdbc;
  private final JsonMapper json;

  ServiceCatalogue(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  public Optional<ServiceEntry> find(String name) {
    return jdbc.sql("select " + COLUMNS + " from service_catalogue where name = ?")
        .param(name)
        .query(this::entry)
        .optional();
  }

  /** The entry, or a 404 saying how to add it: Pitcrew only deploys catalogued services. */
  public ServiceEntry require(String name) {
    return find(name)
        .orElseThrow(
            () -> ApiException.notFound(
                "Service '" + name + "' is not in the service catalogue; add it with PUT /api/v1/services/" + name));
  }

  public List<ServiceEntry> list() {
    return jdbc.sql("select " + COLUMNS + " from service_catalogue order by name").query(this::entry).list();
  }

  /** Creates or replaces the entry; true when it was created. */
  boolean save(String name, ServiceDefinition definition) {
    return jdbc.sql(
            """
            insert into service_catalogue
                (name, image_repository, environments, replicas, container_port, slack_channel, strategy)
            values (:name, :repository, string_to_array(:environments, ','), :replicas, :port, :channel,
                    cast(:strategy as jsonb))
            on conflict (name) do update set
                image_repository = excluded.image_repository, environments = excluded.environments,
                replicas = excluded.replicas, container_port = excluded.container_port,
                slack_channel = excluded.slack_channel, strategy = excluded.strategy, updated_at = now()
            returning (xmax = 0) as created
            """)
        .param("name", name)
        .param("repository", definition.imageRepository())
        // Namespace names cannot contain a comma, so the list travels as one text parameter.
        .param("environments", String.join(",", definition.environments()))
        .param("replicas", definition.replicasOrDefault())
        .param("port", definition.containerPortOrDefault())
        .param("channel", definition.slackChannel())
        .param("strategy", json.writeValueAsString(definition.strategyOrDefaults()))
        .query(Boolean.class)
        .single();
  }

  private ServiceEntry entry(ResultSet rs, int row) throws SQLException {
    Array environments = rs.getArray("environments");
    return new ServiceEntry(
        rs.getString("name"),
        rs.getString("image_repository"),
        List.of((String[]) environments.getArray()),
        rs.getInt("replicas"),
        rs.getInt("container_port"),
        rs.getString("slack_channel"),
        json.readValue(rs.getString("strategy"), BlueGreenStrategy.class),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant());
  }
}
