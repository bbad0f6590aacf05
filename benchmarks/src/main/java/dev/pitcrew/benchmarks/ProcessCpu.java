package dev.pitcrew.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time (user + system) a process has used so far, from {@code /proc/<pid>/stat} (Linux): what a workload
 * costs the machine, whichever of its processes spends it. 0 where {@code /proc} has no such process.
 */
public final class ProcessCpu {
  private static final long MILLIS_PER_TICK = 10; // USER_HZ is 100 on Linux

  private ProcessCpu() {}

  /** The process's own CPU time. */
  public static long millis(long pid) {
    long[] ticks = ticks(pid);
    return (ticks[0] + ticks[1]) * MILLIS_PER_TICK;
  }

  /** The process's CPU time and that of its children it has waited for (a postmaster's ended backends). */
  public static long millisWithReapedChildren(long pid) {
    long[] ticks = ticks(pid);
    return (ticks[0] + ticks[1] + ticks[2] + ticks[3]) * MILLIS_PER_TICK;
  }

  /** This JVM's CPU time: the load generator, and the bare-SDK baseline that runs inside it. */
  public static long ofThisProcess() {
    return millis(ProcessHandle.current().pid());
  }

  private static long[] ticks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // Fields after "(comm)": state is [0]; utime, stime, cutime, cstime are [11]..[14].
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12]), Long.parseLong(fields[13]),
          Long.parseLong(fields[14])};
    } catch (IOException | RuntimeException gone) {
      return new long[4];
    }
  }
}
