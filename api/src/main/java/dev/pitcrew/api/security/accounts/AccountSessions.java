package dev.pitcrew.api.security.accounts;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.stereotype.Component;

/** Ends every browser session of an identity, e.g. when an admin disables the account or resets its MFA. */
@Component
class AccountSessions {
  private final ObjectProvider<FindByIndexNameSessionRepository<?>> repository;

  AccountSessions(ObjectProvider<FindByIndexNameSessionRepository<?>> repository) {
    this.repository = repository;
  }

  int endAll(String identity) {
    FindByIndexNameSessionRepository<?> sessions = repository.getIfAvailable();
    if (sessions == null) {
      return 0;
    }
    var found = sessions.findByPrincipalName(identity).keySet();
    found.forEach(sessions::deleteById);
    return found.size();
  }
}
