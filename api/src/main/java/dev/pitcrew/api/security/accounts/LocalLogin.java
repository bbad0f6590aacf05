package dev.pitcrew.api.security.accounts;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The two factors of a local account: the password, then a TOTP code (or a recovery code). Every wrong answer
 * counts towards the lockout, and a locked, disabled or unknown account is refused exactly like a wrong password.
 */
@Service
class LocalLogin {
  private final LocalAccounts accounts;
  private final RecoveryCodes recoveryCodes;
  private final SecretCipher cipher;
  private final PasswordEncoder passwords;
  private final AccountProperties settings;
  private final Clock clock;
  /** Compared against when the account does not exist, so the answer takes as long as for a real one. */
  private final String decoyHash;

  LocalLogin(LocalAccounts accounts, RecoveryCodes recoveryCodes, SecretCipher cipher, PasswordEncoder passwords,
      AccountProperties settings) {
    this.accounts = accounts;
    this.recoveryCodes = recoveryCodes;
    this.cipher = cipher;
    this.passwords = passwords;
    this.settings = settings;
    this.clock = Clock.systemUTC();
    this.decoyHash = passwords.encode("decoy-password-for-unknown-accounts");
  }

  /** The account whose password this is, if it may log in now. */
  Optional<LocalAccount> checkPassword(String username, String password) {
    Optional<LocalAccount> found = username == null ? Optional.empty() : accounts.byUsername(username.trim());
    String presented = password == null ? "" : password;
    if (found.isEmpty()) {
      passwords.matches(presented, decoyHash);
      return Optional.empty();
    }
    LocalAccount account = found.get();
    Instant now = clock.instant();
    if (account.disabled() || account.lockedAt(now)) {
      passwords.matches(presented, decoyHash);
      return Optional.empty();
    }
    if (!passwords.matches(presented, account.passwordHash())) {
      fail(account);
      return Optional.empty();
    }
    return Optional.of(account);
  }

  /** The secret to enrol: the pending one if the page is shown again, else a new one. */
  @Transactional
  Enrolment beginEnrolment(long accountId) {
    LocalAccount account = accounts.byId(accountId).orElseThrow();
    if (account.enrolled()) {
      throw new IllegalStateException("already enrolled");
    }
    String secret;
    if (account.totpSecret() != null) {
      secret = cipher.decrypt(account.totpSecret());
    } else {
      secret = Totp.newSecret();
      accounts.storePendingSecret(accountId, cipher.encrypt(secret));
    }
    String uri = Totp.keyUri(settings.totpIssuer(), account.identity(), secret);
    return new Enrolment(secret, QrCodes.pngDataUri(uri));
  }

  /** Confirms enrolment with a first code; answers the recovery codes to show once, or empty if the code is wrong. */
  @Transactional
  Optional<List<String>> confirmEnrolment(long accountId, String code) {
    LocalAccount account = usable(accountId).orElse(null);
    if (account == null || account.enrolled() || account.totpSecret() == null) {
      return Optional.empty();
    }
    OptionalLong step = Totp.matchingStep(cipher.decrypt(account.totpSecret()), trim(code), clock.instant(), null);
    if (step.isEmpty()) {
      fail(account);
      return Optional.empty();
    }
    accounts.confirmEnrolment(accountId, step.getAsLong());
    accounts.recordSuccess(accountId);
    return Optional.of(recoveryCodes.regenerate(accountId));
  }

  /** The second factor at login: a TOTP code not used before, or an unused recovery code. */
  boolean verify(long accountId, String input) {
    LocalAccount account = usable(accountId).orElse(null);
    if (account == null || !account.enrolled()) {
      return false;
    }
    String answer = trim(input);
    boolean accepted;
    if (RecoveryCodes.looksLikeRecoveryCode(answer)) {
      accepted = recoveryCodes.consume(accountId, answer);
    } else {
      OptionalLong step = Totp.matchingStep(cipher.decrypt(account.totpSecret()), answer, clock.instant(),
          account.lastTotpStep());
      accepted = step.isPresent() && accounts.acceptStep(accountId, step.getAsLong());
    }
    if (accepted) {
      accounts.recordSuccess(accountId);
    } else {
      fail(account);
    }
    return accepted;
  }

  /** Whether the account may still finish a login (not locked or disabled since its password was checked). */
  Optional<LocalAccount> usable(long accountId) {
    return accounts.byId(accountId).filter(a -> !a.disabled() && !a.lockedAt(clock.instant()));
  }

  private void fail(LocalAccount account) {
    accounts.recordFailure(account.id(), settings.maxFailedAttempts(), clock.instant().plus(settings.lockDuration()));
  }

  private static String trim(String value) {
    return value == null ? "" : value.replace(" ", "").trim();
  }

  /** What the enrolment page shows: the secret as text and as a QR code. */
  record Enrolment(String secret, String qrDataUri) {}
}
