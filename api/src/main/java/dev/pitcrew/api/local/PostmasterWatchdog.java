package dev.pitcrew.api.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embedded PostgreSQL from outliving a Pitcrew that is killed ({@code kill -9}, OOM killer): a tiny shell
 * process watches this JVM's pid and, once it is gone, asks the postmaster for a fast shutdown (SIGINT). The JVM
 * cannot do this itself — nothing runs in a killed JVM — and the postmaster is no child of it, because pg_ctl
 * detaches it. Linux only (it checks the pid still belongs to this data directory's postgres through /proc);
 * elsewhere {@link OrphanedPostmaster} cleans up at the next start. Stopped first on a normal shutdown.
 */
final class PostmasterWatchdog {
  private static final Logger log = LoggerFactory.getLogger(PostmasterWatchdog.class);
  private static final String SCRIPT =
      """
      while kill -0 "$1" 2>/dev/null; do sleep 1; done
      if tr '\\0' ' ' < "/proc/$2/cmdline" 2>/dev/null | grep -qF -- "-D $3 "; then kill -INT "$2"; fi
      """;

  private PostmasterWatchdog() {}

  static Optional<Process> start(Path dataDirectory) {
    if (!Files.isDirectory(Path.of("/proc/self"))) {
      return Optional.empty();
    }
    try {
      String postmasterPid = Files.readAllLines(dataDirectory.resolve("postmaster.pid")).getFirst().strip();
      Process watchdog =
          new ProcessBuilder(List.of("sh", "-c", SCRIPT, "pitcrew-postgres-watchdog",
                  Long.toString(ProcessHandle.current().pid()), postmasterPid, dataDirectory.toString()))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return Optional.of(watchdog);
    } catch (IOException | RuntimeException e) {
      log.warn("PostgreSQL: no watchdog ({}); a crashed Pitcrew's PostgreSQL is stopped at the next start instead",
          e.getMessage());
      return Optional.empty();
    }
  }
}
