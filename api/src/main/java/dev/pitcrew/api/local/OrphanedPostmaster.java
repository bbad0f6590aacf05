package dev.pitcrew.api.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a PostgreSQL left running by a Pitcrew that died without closing it ({@code kill -9}, OOM killer, power
 * button on a laptop's terminal). The postmaster is started through {@code pg_ctl}, so it is not a child the JVM
 * takes down with it: it keeps its {@code postmaster.pid} and port, and the next start fails. Before starting,
 * this finds such a postmaster of the same data directory and shuts it down (fast: open transactions roll back,
 * committed data is on disk), so the next start succeeds first time.
 *
 * <p>It leaves alone a postmaster whose Pitcrew is still alive (zonky's {@code epg-lock} is held) — that start
 * fails with "another Pitcrew" — and a process that merely reuses the recorded pid.
 */
final class OrphanedPostmaster {
  private static final Logger log = LoggerFactory.getLogger(OrphanedPostmaster.class);
  private static final String ZONKY_LOCK_FILE = "epg-lock";

  private OrphanedPostmaster() {}

  /** Stops an orphaned postmaster of {@code dataDirectory}, if any; returns what was done, for tests. */
  static Optional<String> stopIfOrphaned(Path dataDirectory, Duration patience) {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    if (!Files.exists(pidFile) || ownerIsAlive(dataDirectory)) {
      return Optional.empty();
    }
    List<String> lines = readLines(pidFile);
    long pid = lines.isEmpty() ? -1 : parsePid(lines.getFirst());
    Optional<ProcessHandle> process = pid > 0 ? ProcessHandle.of(pid).filter(ProcessHandle::isAlive) : Optional.empty();
    if (process.isPresent() && commandLine(process.get()).isEmpty()) {
      // Cannot tell what it is (no /proc, arguments hidden): never delete the pid file of what may be a live
      // postmaster; PostgreSQL's own checks decide.
      log.warn("PostgreSQL: {} names pid {}, which is running but cannot be identified; leaving it alone", pidFile, pid);
      return Optional.empty();
    }
    if (process.isEmpty() || !isPostmasterOf(process.get(), dataDirectory)) {
      deleteQuietly(pidFile);
      String done = "removed a stale postmaster.pid (pid " + pid + " is not a running PostgreSQL of " + dataDirectory
          + ")";
      log.info("PostgreSQL: {}", done);
      return Optional.of(done);
    }
    String how = stop(process.get(), dataDirectory, patience);
    if (!process.get().isAlive()) {
      deleteQuietly(pidFile);
    }
    String done = "stopped PostgreSQL pid " + pid + " of " + dataDirectory + " left running by a Pitcrew that did not "
        + "shut down (" + how + ")";
    log.warn("PostgreSQL: {}", done);
    return Optional.of(done);
  }

  /** zonky holds {@code epg-lock} for as long as its JVM runs; the OS drops the lock when that JVM dies. */
  private static boolean ownerIsAlive(Path dataDirectory) {
    Path lockFile = dataDirectory.resolve(ZONKY_LOCK_FILE);
    if (!Files.exists(lockFile)) {
      return false;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return true;
      }
      lock.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true; // this very JVM runs it
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check the lock of " + dataDirectory, e);
    }
  }

  /** True when the process is a postgres whose command line names this data directory ({@code -D <dir>}). */
  static boolean isPostmasterOf(ProcessHandle process, Path dataDirectory) {
    List<String> commandLine = commandLine(process);
    if (commandLine.isEmpty() || !Path.of(commandLine.getFirst()).getFileName().toString().equals("postgres")) {
      return false;
    }
    int flag = commandLine.indexOf("-D");
    return flag >= 0 && flag + 1 < commandLine.size()
        && samePath(Path.of(commandLine.get(flag + 1)), dataDirectory);
  }

  private static List<String> commandLine(ProcessHandle process) {
    Path proc = Path.of("/proc", Long.toString(process.pid()), "cmdline");
    try {
      if (Files.isReadable(proc)) {
        String raw = new String(Files.readAllBytes(proc), StandardCharsets.UTF_8);
        return Arrays.stream(raw.split("\0")).filter(arg -> !arg.isEmpty()).toList();
      }
    } catch (IOException e) {
      // falls back to what the JDK can tell (macOS)
    }
    ProcessHandle.Info info = process.info();
    return info.command()
        .map(command -> {
          List<String> args = info.arguments().map(List::of).orElse(List.of());
          return java.util.stream.Stream.concat(java.util.stream.Stream.of(command), args.stream()).toList();
        })
        .orElse(List.of());
  }

  /**
   * Fast shutdown through the {@code pg_ctl} beside the running postgres binary; else SIGTERM; SIGKILL as the last
   * resort (PostgreSQL recovers from its WAL at the next start, as after a power cut).
   */
  private static String stop(ProcessHandle postmaster, Path dataDirectory, Duration patience) {
    List<ProcessHandle> backends = postmaster.descendants().toList();
    String how;
    Optional<Path> pgCtl = postmaster.info().command().map(Path::of).map(bin -> bin.resolveSibling("pg_ctl"))
        .filter(Files::isExecutable);
    if (pgCtl.isPresent() && runPgCtlStop(pgCtl.get(), dataDirectory, patience) && awaitExit(postmaster, patience)) {
      how = "pg_ctl stop -m fast";
    } else {
      postmaster.destroy();
      if (awaitExit(postmaster, patience)) {
        how = "SIGTERM";
      } else {
        postmaster.destroyForcibly();
        if (!awaitExit(postmaster, patience)) {
          throw new IllegalStateException("PostgreSQL pid " + postmaster.pid() + " of " + dataDirectory
              + " survives SIGKILL; stop it by hand before starting Pitcrew");
        }
        how = "SIGKILL";
      }
    }
    // Backends leave on their own once the postmaster is gone; one still attached to the shared memory would make
    // the next postmaster refuse to start.
    backends.forEach(backend -> {
      if (!awaitExit(backend, patience)) {
        backend.destroyForcibly();
      }
    });
    return how;
  }

  private static boolean runPgCtlStop(Path pgCtl, Path dataDirectory, Duration patience) {
    try {
      List<String> command = new java.util.ArrayList<>();
      if (runningAsRoot()) {
        // pg_ctl refuses to run as root; zonky runs it in a user namespace the same way.
        command.addAll(List.of("unshare", "-U"));
      }
      command.addAll(List.of(pgCtl.toString(), "stop", "-D", dataDirectory.toString(), "-m", "fast", "-w",
          "-t", Long.toString(Math.max(1, patience.toSeconds()))));
      Process process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      if (!process.waitFor(patience.toMillis() + 2000, TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return false;
      }
      return process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static boolean runningAsRoot() {
    return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/unshare"));
  }

  private static boolean awaitExit(ProcessHandle process, Duration patience) {
    CompletableFuture<ProcessHandle> exit = process.onExit();
    try {
      exit.get(patience.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return !process.isAlive();
    } catch (ExecutionException e) {
      return !process.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  private static List<String> readLines(Path pidFile) {
    try {
      return Files.readAllLines(pidFile);
    } catch (IOException e) {
      return List.of();
    }
  }

  private static long parsePid(String line) {
    try {
      return Long.parseLong(line.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static boolean samePath(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("Cannot remove {}: {}", file, e.getMessage());
    }
  }
}
