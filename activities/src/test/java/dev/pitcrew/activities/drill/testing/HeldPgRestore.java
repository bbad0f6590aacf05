package dev.pitcrew.activities.drill.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A tools directory (for {@code DrillProperties.pgBinDir}) whose pg_restore waits before it runs the real one: it
 * marks {@link #started()} and holds until {@link #release()}. A test that needs "mid-restore" gets a state, not a
 * race. pg_dump passes straight through.
 */
public record HeldPgRestore(Path directory, Path started, Path go) {

  public static HeldPgRestore in(Path directory) throws IOException {
    Files.createDirectories(directory);
    HeldPgRestore held = new HeldPgRestore(directory, directory.resolve("pg_restore-started"),
        directory.resolve("go"));
    Path pgRestore = directory.resolve("pg_restore");
    Files.writeString(pgRestore, """
        #!/bin/sh
        [ "$1" = "--version" ] && exec pg_restore --version
        touch '%s'
        while [ ! -e '%s' ]; do sleep 0.1; done
        exec pg_restore "$@"
        """.formatted(held.started(), held.go()));
    Path pgDump = directory.resolve("pg_dump");
    Files.writeString(pgDump, "#!/bin/sh\nexec pg_dump \"$@\"\n");
    pgRestore.toFile().setExecutable(true);
    pgDump.toFile().setExecutable(true);
    return held;
  }

  /** Waits until a held pg_restore has started, failing after {@code seconds}. */
  public void awaitStarted(int seconds) throws InterruptedException {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    while (!Files.exists(started)) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("pg_restore did not start within " + seconds + " s");
      }
      Thread.sleep(50);
    }
  }

  /** Lets every held pg_restore go on to the real one. */
  public void release() throws IOException {
    Files.createFile(go);
  }
}
