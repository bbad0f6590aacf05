package dev.pitcrew.workflows.remediation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** The deterministic workflow ID of a (runbook, target): every alert of one target lands on one remediation. */
public final class RemediationIds {
  public static final String PREFIX = "remediation-";

  private RemediationIds() {}

  /** {@code remediation-<runbook>-<12 hex of SHA-256(runbook + target key)>}. */
  public static String workflowIdFor(String runbook, RemediationTarget target) {
    String key = runbook + "|" + target.key();
    return PREFIX + runbook.toLowerCase(Locale.ROOT) + "-" + shortHash(key);
  }

  private static String shortHash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JVM has SHA-256", e);
    }
  }
}
