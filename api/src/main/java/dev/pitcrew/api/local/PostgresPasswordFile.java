package dev.pitcrew.api.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The embedded PostgreSQL superuser's password, kept beside the cluster in a file only its owner may read (0600).
 * Generated once; the file is written only after the server has taken the password, so a crash in between leaves
 * no file and the next start simply sets a new one.
 */
final class PostgresPasswordFile {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path file;

  PostgresPasswordFile(Path file) {
    this.file = file;
  }

  Path path() {
    return file;
  }

  Optional<String> read() {
    try {
      return Files.exists(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the embedded PostgreSQL password file " + file, e);
    }
  }

  static String generate() {
    byte[] secret = new byte[24];
    RANDOM.nextBytes(secret);
    return HexFormat.of().formatHex(secret);
  }

  /** Writes the password to a 0600 temporary file first, then moves it in place: never a readable half-state. */
  void save(String password) {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.deleteIfExists(temporary);
      Files.createFile(
          temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(temporary, password + "\n");
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the embedded PostgreSQL password file " + file, e);
    }
  }
}
