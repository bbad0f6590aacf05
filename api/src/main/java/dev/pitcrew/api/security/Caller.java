package dev.pitcrew.api.security;

import java.util.Set;

/**
 * The authenticated principal behind a request, as every permission check, audit row and approval sees it.
 *
 * @param identity who it is: a person's email or username, {@code token:<name>} for a service token
 * @param channel how they came in
 * @param roles the Pitcrew roles in force for this request
 * @param environmentLimit environments a token is restricted to, on top of what its roles allow; empty → none
 */
public record Caller(String identity, Channel channel, Set<String> roles, Set<String> environmentLimit) {
  public Caller {
    roles = Set.copyOf(roles);
    environmentLimit = Set.copyOf(environmentLimit);
  }
}
