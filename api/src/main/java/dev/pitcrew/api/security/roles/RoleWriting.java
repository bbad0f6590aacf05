package dev.pitcrew.api.security.roles;

import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.api.problem.FieldProblem;
import dev.pitcrew.api.runs.RequestReader;
import dev.pitcrew.api.security.Access;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Checks a role (its name, permissions, environments) and stores it, attributed to the caller, for
 * {@code PUT /api/v1/roles/{name}} and the console's form alike. A stored role overrides a configured one of the
 * same name; the checked-token cache forgets at once, so the change decides the next request.
 */
@Component
class RoleWriting {
  static final Pattern ROLE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

  private final RoleStore store;
  private final RequestReader reader;
  private final Access access;

  RoleWriting(RoleStore store, RequestReader reader, Access access) {
    this.store = store;
    this.reader = reader;
    this.access = access;
  }

  /** True when the role is new. */
  boolean save(String name, JsonNode body) {
    return store.save(name, check(name, body), access.identity());
  }

  /** Every check {@link #save} makes, storing nothing: for a form that has already refused a field of its own. */
  RoleRequest check(String name, JsonNode body) {
    List<FieldProblem> problems = new ArrayList<>();
    if (name == null || !ROLE_NAME.matcher(name).matches()) {
      problems.add(new FieldProblem("name", "must be lower-case letters, digits and '-', starting with a letter"));
    }
    try {
      RoleRequest role = reader.read(body, RoleRequest.class, "");
      if (problems.isEmpty()) {
        return role;
      }
    } catch (ApiException refused) {
      if (problems.isEmpty() || refused.status() != HttpStatus.BAD_REQUEST) {
        throw refused;
      }
      problems.addAll(refused.fieldProblems());
    }
    // A refused name and a refused body are named in one answer.
    throw ApiException.badRequest(problems.stream().map(p -> p.field() + ": " + p.message())
        .collect(Collectors.joining("; ")), problems);
  }
}
