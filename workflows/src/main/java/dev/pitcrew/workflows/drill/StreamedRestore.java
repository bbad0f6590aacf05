package dev.pitcrew.workflows.drill;

/**
 * What a streamed restore did: the dump it took (and the source's counts and checksums in the dump's snapshot) and
 * the restore of that same stream into the scratch database.
 */
public record StreamedRestore(BackupInfo backup, RestoreOutcome restore) {}
