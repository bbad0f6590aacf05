package dev.pitcrew.workflows.drill;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The database a drill restores. Kind {@code postgres}: a PostgreSQL server reached with these connection
 * settings; kind {@code pitcrew}: Pitcrew's own database, reached as the workers reach it (the other fields are
 * ignored). The password is never part of a definition: {@code passwordEnv} names the environment variable of the
 * worker that holds it.
 *
 * @param jobs parallel pg_restore jobs (pg_dump's custom format restores in parallel; default 2)
 * @param velero kind {@code velero}: the Kubernetes namespace drilled through Velero (the database fields are unused)
 * @param pgbackrest kind {@code pgbackrest}: the stanza restored physically with point-in-time recovery; the database
 *     fields name the source server (for the scratch claim) and the database verified in the recovered copy
 */
public record DrillTarget(
    String kind, String host, Integer port, String database, String username, String passwordEnv, Integer jobs,
    VeleroTarget velero, PgBackRestTarget pgbackrest) {
  public static final String POSTGRES = "postgres";
  public static final String PITCREW = "pitcrew";
  public static final String VELERO = "velero";
  public static final String PGBACKREST = "pgbackrest";
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$-]{0,62}");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:\\-\\[\\]]{1,253}");
  private static final Pattern ENV = Pattern.compile("[A-Z_][A-Z0-9_]{0,127}");

  /** A PostgreSQL target, as defined before the velero kind existed. */
  public DrillTarget(
      String kind, String host, Integer port, String database, String username, String passwordEnv, Integer jobs) {
    this(kind, host, port, database, username, passwordEnv, jobs, null, null);
  }

  /** A PostgreSQL or Velero target, as defined before the pgbackrest kind existed. */
  public DrillTarget(
      String kind, String host, Integer port, String database, String username, String passwordEnv, Integer jobs,
      VeleroTarget velero) {
    this(kind, host, port, database, username, passwordEnv, jobs, velero, null);
  }

  public int portOrDefault() {
    return port == null ? 5432 : port;
  }

  public int jobsOrDefault() {
    return jobs == null ? 2 : jobs;
  }

  public boolean targetsPitcrew() {
    return PITCREW.equals(kind);
  }

  public boolean throughVelero() {
    return VELERO.equals(kind);
  }

  public boolean throughPgBackRest() {
    return PGBACKREST.equals(kind);
  }

  List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (throughVelero()) {
      if (velero == null) {
        problems.add("velero: required with kind 'velero': the namespace to drill");
      } else {
        velero.problems().forEach(p -> problems.add("velero." + p));
      }
      return problems;
    }
    if (!POSTGRES.equals(kind) && !PITCREW.equals(kind) && !PGBACKREST.equals(kind)) {
      problems.add("kind: must be 'postgres', 'pitcrew' (Pitcrew's own database), 'velero' (a Kubernetes namespace) "
          + "or 'pgbackrest' (a physical backup with point-in-time recovery)");
      return problems;
    }
    if (velero != null) {
      problems.add("velero: only with kind 'velero'");
    }
    if (throughPgBackRest()) {
      if (pgbackrest == null) {
        problems.add("pgbackrest: required with kind 'pgbackrest': the stanza to restore");
      } else {
        pgbackrest.problems().forEach(p -> problems.add("pgbackrest." + p));
      }
    } else if (pgbackrest != null) {
      problems.add("pgbackrest: only with kind 'pgbackrest'");
    }
    if (jobs != null && (jobs < 1 || jobs > 16)) {
      problems.add("jobs: between 1 and 16");
    }
    if (targetsPitcrew()) {
      return problems;
    }
    if (host == null || !HOST.matcher(host).matches()) {
      problems.add("host: required, a host name or address");
    }
    if (port != null && (port < 1 || port > 65535)) {
      problems.add("port: between 1 and 65535");
    }
    if (database == null || !IDENTIFIER.matcher(database).matches()) {
      problems.add("database: required, a database name of letters, digits, '_', '$' or '-'");
    }
    if (username == null || !IDENTIFIER.matcher(username).matches()) {
      problems.add("username: required, a role name of letters, digits, '_', '$' or '-'");
    }
    if (passwordEnv != null && !ENV.matcher(passwordEnv).matches()) {
      problems.add("passwordEnv: the name of an environment variable (upper case, digits, '_'), never the password");
    }
    return problems;
  }
}
