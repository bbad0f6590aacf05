package dev.pitcrew.api.remediation;

import dev.pitcrew.api.security.Access;
import org.springframework.stereotype.Component;

/**
 * Saves a runbook document as the next version, attributed to the caller, once {@link RunbookReader} has checked
 * it whole: for {@code PUT /api/v1/runbooks/{name}} and the console's editor alike. Nothing is saved when it throws.
 */
@Component
class RunbookWriting {
  private final RunbookStore store;
  private final RunbookReader reader;
  private final RunbookCatalogue catalogue;
  private final Access access;

  RunbookWriting(RunbookStore store, RunbookReader reader, RunbookCatalogue catalogue, Access access) {
    this.store = store;
    this.reader = reader;
    this.catalogue = catalogue;
    this.access = access;
  }

  /** The runbook as stored, and whether this created it. */
  record Saved(RunbookStore.Stored stored, boolean created) {}

  /** Every check {@link #save} makes on the document, saving nothing: for a form that has refused the name. */
  void check(byte[] body, boolean isYaml) {
    reader.read(body, isYaml);
  }

  Saved save(String name, byte[] body, boolean isYaml) {
    RunbookValidation.checkName(name);
    var document = reader.read(body, isYaml);
    boolean created = store.find(name).isEmpty();
    RunbookStore.Stored stored = store.save(name, document, access.identity());
    catalogue.changed();
    return new Saved(stored, created);
  }
}
