package dev.pitcrew.activities.drill;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a pg_dump or pg_restore whose Pitcrew was killed ({@code kill -9}, OOM killer). A tool is no thread of the
 * JVM: left alone it would go on restoring into a scratch database that the retry is about to drop, loading the
 * server during the outage and making "one restore" two. A tiny shell process watches both pids and, when the
 * JVM is gone first, sends the tool and its parallel workers SIGTERM. Linux only (needs /proc); elsewhere the
 * retry's {@code drop database … with (force)} ends the orphan's sessions instead.
 */
final class ToolWatchdog {
  private static final Logger log = LoggerFactory.getLogger(ToolWatchdog.class);
  private static final String SCRIPT =
      """
      while kill -0 "$1" 2>/dev/null; do
        kill -0 "$2" 2>/dev/null || exit 0
        sleep 1
      done
      pkill -TERM -P "$2" 2>/dev/null
      kill -TERM "$2" 2>/dev/null
      """;

  private ToolWatchdog() {}

  /** Watches {@code tool} until it ends; destroy the returned process once the tool was waited for. */
  static Optional<Process> watch(Process tool) {
    if (!Files.isDirectory(Path.of("/proc/self"))) {
      return Optional.empty();
    }
    try {
      return Optional.of(new ProcessBuilder(List.of("sh", "-c", SCRIPT, "pitcrew-tool-watchdog",
              Long.toString(ProcessHandle.current().pid()), Long.toString(tool.pid())))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start());
    } catch (IOException e) {
      log.warn("No watchdog for {} ({}): if Pitcrew is killed it runs on until the retry ends its sessions",
          tool.info().command().orElse("the tool"), e.getMessage());
      return Optional.empty();
    }
  }
}
