package dev.pitcrew.api.security.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * One-time codes for a person who lost their authenticator. Shown once at enrolment and kept as SHA-256 hashes:
 * each code carries 50 random bits, so a fast hash is enough (no dictionary to try) and lookup stays simple.
 */
@Component
class RecoveryCodes {
  static final int COUNT = 10;
  private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final JdbcClient jdbc;

  RecoveryCodes(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Replaces the account's codes with {@link #COUNT} new ones and answers them (the only time they are seen). */
  List<String> regenerate(long userId) {
    jdbc.sql("delete from pitcrew_recovery_codes where user_id = ?").param(userId).update();
    List<String> codes = new ArrayList<>();
    for (int i = 0; i < COUNT; i++) {
      String code = randomCode();
      codes.add(code);
      jdbc.sql("insert into pitcrew_recovery_codes (user_id, code_hash) values (?, ?)")
          .params(userId, hash(code)).update();
    }
    return codes;
  }

  /** Uses up a code; true only the first time a valid one is presented. */
  boolean consume(long userId, String code) {
    if (code == null || code.isBlank()) {
      return false;
    }
    return jdbc.sql("update pitcrew_recovery_codes set used_at = now() "
            + "where user_id = ? and code_hash = ? and used_at is null")
        .params(userId, hash(normalise(code))).update() == 1;
  }

  int remaining(long userId) {
    return jdbc.sql("select count(*) from pitcrew_recovery_codes where user_id = ? and used_at is null")
        .param(userId).query(Integer.class).single();
  }

  static boolean looksLikeRecoveryCode(String input) {
    return input != null && normalise(input).matches("[a-z0-9]{5}-[a-z0-9]{5}");
  }

  private static String normalise(String code) {
    return code.trim().toLowerCase(Locale.ROOT);
  }

  private static String randomCode() {
    StringBuilder code = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      if (i == 5) {
        code.append('-');
      }
      code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return code.toString();
  }

  private static String hash(String code) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
