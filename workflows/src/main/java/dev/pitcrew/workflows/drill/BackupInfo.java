package dev.pitcrew.workflows.drill;

import java.util.Map;

/**
 * The backup a drill restores, and what the source held when it was taken.
 *
 * @param location the dump file on the worker's file system
 * @param takenAtMillis when the backup's snapshot was taken (its restored point); a foreign dump's file time
 * @param takenByDrill true when this run took it (then the source counts and checksums below are known)
 * @param sourceRowCounts rows per table ({@code schema.table}) in the backup's snapshot; empty when unknown
 * @param sourceChecksums checksum per chosen table in the backup's snapshot; empty when unknown
 */
public record BackupInfo(
    String location,
    long takenAtMillis,
    long sizeBytes,
    boolean takenByDrill,
    String serverVersion,
    Map<String, Long> sourceRowCounts,
    Map<String, String> sourceChecksums) {

  public BackupInfo {
    sourceRowCounts = sourceRowCounts == null ? Map.of() : Map.copyOf(sourceRowCounts);
    sourceChecksums = sourceChecksums == null ? Map.of() : Map.copyOf(sourceChecksums);
  }
}
