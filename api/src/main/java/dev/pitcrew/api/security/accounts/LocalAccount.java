package dev.pitcrew.api.security.accounts;

import java.time.Instant;

/** A row of {@code pitcrew_users}. Holds hashes and the encrypted TOTP secret, so it never leaves this package. */
record LocalAccount(
    long id,
    String username,
    String email,
    String displayName,
    String passwordHash,
    String totpSecret,
    Instant totpEnrolledAt,
    Long lastTotpStep,
    int failedAttempts,
    Instant lockedUntil,
    boolean disabled,
    Instant createdAt,
    String createdBy) {

  /** The Pitcrew identity: what audit rows, approvals and role memberships name. */
  String identity() {
    return email != null && !email.isBlank() ? email : username;
  }

  boolean enrolled() {
    return totpEnrolledAt != null;
  }

  boolean lockedAt(Instant now) {
    return lockedUntil != null && lockedUntil.isAfter(now);
  }
}
