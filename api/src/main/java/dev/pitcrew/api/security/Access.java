package dev.pitcrew.api.security;

import dev.pitcrew.api.audit.AuditAttributes;
import dev.pitcrew.api.problem.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The permission checks every endpoint declares ({@code @PreAuthorize("@access.can('deploy')")}) and the finer
 * ones that need the environment a request touches ({@link #require}). One role model for every channel: see
 * {@link RoleCatalog}.
 */
@Component("access")
public class Access {
  /** Request attribute holding why the last check refused, for the 403 answer and the audit row. */
  public static final String DENIAL_REASON = AuditAttributes.REASON;

  private final RoleCatalog roles;

  Access(RoleCatalog roles) {
    this.roles = roles;
  }

  /** The authenticated caller of the current request. */
  public Caller caller() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication == null || !authentication.isAuthenticated()
        || authentication instanceof AnonymousAuthenticationToken) {
      throw new ApiException(HttpStatus.UNAUTHORIZED, "Authentication required",
          "Sign in or send an API token (Authorization: Bearer …)", List.of(), Map.of());
    }
    return callerOf(authentication);
  }

  /** The identity of the current caller: what approvals, timelines and audit rows record. */
  public String identity() {
    return caller().identity();
  }

  Caller callerOf(Authentication authentication) {
    if (authentication instanceof PitcrewAuthentication bearer) {
      return bearer.caller();
    }
    // A browser session (local account or OIDC login): roles are read afresh, so an admin's change applies at once.
    String identity = authentication.getName();
    Set<String> granted = new LinkedHashSet<>(roles.rolesOf(identity));
    granted.addAll(PitcrewAuthentication.roleNames(authentication.getAuthorities()));
    return new Caller(identity, Channel.CONSOLE, granted, Set.of());
  }

  /** Whether the caller may do {@code permission} in at least one environment (method security's coarse check). */
  public boolean can(String permission) {
    Caller caller = caller();
    RoleCatalog.Decision decision = roles.check(caller.identity(), caller.roles(), Set.of(), permission, null);
    if (!decision.allowed()) {
      rememberDenial(decision.reason());
    }
    return decision.allowed();
  }

  /**
   * Whether the caller may do {@code permission} somewhere, without recording a refusal: for showing or hiding a
   * console button. The action behind the button still checks with {@link #can} or {@link #require}.
   */
  public boolean allows(String permission) {
    Caller caller = caller();
    return roles.check(caller.identity(), caller.roles(), Set.of(), permission, null).allowed();
  }

  /** Refuses with 403 naming the reason unless the caller may do {@code permission} in {@code environment}. */
  public void require(String permission, String environment) {
    Caller caller = caller();
    RoleCatalog.Decision decision =
        roles.check(caller.identity(), caller.roles(), caller.environmentLimit(), permission, environment);
    if (!decision.allowed()) {
      rememberDenial(decision.reason());
      throw new ApiException(HttpStatus.FORBIDDEN, "Forbidden", decision.reason(), List.of(), Map.of());
    }
  }

  private static void rememberDenial(String reason) {
    RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
    if (attributes instanceof ServletRequestAttributes servlet) {
      HttpServletRequest request = servlet.getRequest();
      request.setAttribute(DENIAL_REASON, reason);
    }
  }
}
