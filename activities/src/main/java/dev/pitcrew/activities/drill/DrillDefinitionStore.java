package dev.pitcrew.activities.drill;

import dev.pitcrew.workflows.drill.DrillDefinition;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The {@code drill_definitions} table: written by the drill API, read by drill runs when they start. */
@Repository
public class DrillDefinitionStore {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** A stored definition with who changed it last and when. */
  public record StoredDrill(DrillDefinition definition, String updatedBy, Instant createdAt, Instant updatedAt) {}

  private final JdbcClient jdbc;

  public DrillDefinitionStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Creates or replaces; true when it was created. */
  public boolean save(DrillDefinition definition, String updatedBy) {
    Boolean created = jdbc.sql("""
            insert into drill_definitions (name, definition, updated_by)
            values (:name, cast(:definition as jsonb), :by)
            on conflict (name) do update set definition = excluded.definition, updated_by = excluded.updated_by,
                updated_at = now()
            returning (xmax = 0)""")
        .param("name", definition.name())
        .param("definition", JSON.writeValueAsString(definition))
        .param("by", updatedBy)
        .query(Boolean.class)
        .single();
    return Boolean.TRUE.equals(created);
  }

  public Optional<StoredDrill> find(String name) {
    return jdbc.sql("select definition::text, updated_by, created_at, updated_at from drill_definitions where name = :name")
        .param("name", name)
        .query((rs, row) -> stored(rs.getString(1), rs.getString(2), rs.getTimestamp(3), rs.getTimestamp(4)))
        .optional();
  }

  public List<StoredDrill> list() {
    return jdbc.sql("select definition::text, updated_by, created_at, updated_at from drill_definitions order by name")
        .query((rs, row) -> stored(rs.getString(1), rs.getString(2), rs.getTimestamp(3), rs.getTimestamp(4)))
        .list();
  }

  /** True when there was one to delete. Its stored reports stay. */
  public boolean delete(String name) {
    return jdbc.sql("delete from drill_definitions where name = :name").param("name", name).update() > 0;
  }

  private static StoredDrill stored(String json, String by, Timestamp created, Timestamp updated) {
    return new StoredDrill(JSON.readValue(json, DrillDefinition.class), by, created.toInstant(), updated.toInstant());
  }
}
