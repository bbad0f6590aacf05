package dev.pitcrew.api.slack;

/** The command was called with arguments it cannot use; the user sees the message and the command's help. */
public class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}
