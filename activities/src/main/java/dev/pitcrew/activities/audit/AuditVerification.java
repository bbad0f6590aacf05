package dev.pitcrew.activities.audit;

/**
 * What a walk along the audit chain found.
 *
 * @param ok true when every row's hash matches its contents and links to the row before it
 * @param rowsChecked rows found intact (when broken: those before the first broken one)
 * @param firstBrokenId the first row whose hash or link does not hold; null when ok
 * @param reason what does not hold there; null when ok
 */
public record AuditVerification(boolean ok, long rowsChecked, Long firstBrokenId, String reason) {

  static AuditVerification intact(long rowsChecked) {
    return new AuditVerification(true, rowsChecked, null, null);
  }

  static AuditVerification broken(long rowsChecked, long id, String reason) {
    return new AuditVerification(false, rowsChecked, id, reason);
  }
}
