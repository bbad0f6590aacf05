package dev.pitcrew.api.security;

import org.springframework.security.core.AuthenticationException;

/**
 * The database that holds API tokens did not answer in time: the credential could not be checked either way, so
 * the caller is told to retry (503), not that the credential is bad (401).
 */
class CredentialStoreUnavailable extends AuthenticationException {
  CredentialStoreUnavailable(Throwable cause) {
    super("The credential store (PostgreSQL) did not answer in time; retry shortly", cause);
  }
}
