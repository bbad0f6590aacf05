package dev.pitcrew.api.audit;

/**
 * Request attributes through which code that handles a request tells the audit recorder what it knows better
 * than the request itself. Set them on the request; the recorder reads them after the response is written.
 */
public final class AuditAttributes {
  /**
   * The principal to record, when the handler knows it better than the security context: webhooks set
   * {@code webhook:alertmanager} etc. once their own signature or token checks pass. Wins over everything else.
   */
  public static final String PRINCIPAL = "pitcrew.audit.principal";

  /**
   * The authenticated principal's name as the security filter chain saw it. Copied by
   * {@link AuthenticatedPrincipalCapture} for requests that reach the application; a security handler that
   * answers 401/403 itself (an {@code AccessDeniedHandler}) should set it too, or the denial is recorded as
   * {@code anonymous}.
   */
  public static final String AUTHENTICATED_PRINCIPAL = "pitcrew.audit.authenticated-principal";

  /** The channel to record ({@code rest}, {@code console}, {@code slack}, {@code webhook}) instead of the guess. */
  public static final String CHANNEL = "pitcrew.audit.channel";

  /**
   * What the request acted on when its path does not say: a creation names what it created (the new ticket's key),
   * so each one can be found in the trail by {@code target}.
   */
  public static final String TARGET = "pitcrew.audit.target";

  /** Why the request was refused or failed, e.g. the problem's {@code detail}. Must never carry a secret. */
  public static final String REASON = "pitcrew.audit.reason";

  /**
   * Set (to {@code Boolean.TRUE}) on a request an intake refused for load, before anything looked at who sent it or
   * what it asked: nothing was attempted, so there is no action to record, and a row per refusal would turn a flood
   * into as many database writes exactly when the database is needed most. The refusals are counted by
   * {@code pitcrew.intake.refused}; 401/403 and refusals about the caller (rate limits) are still recorded.
   */
  public static final String SHED_BY_INTAKE = "pitcrew.audit.shed-by-intake";

  private AuditAttributes() {}
}
