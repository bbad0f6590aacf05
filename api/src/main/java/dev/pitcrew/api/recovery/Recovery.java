package dev.pitcrew.api.recovery;

/** What recovering one lost run came to: the new run's ID, or why there is none. */
record Recovery(String newRunId, String note) {
  static Recovery recovered(String newRunId, String note) {
    return new Recovery(newRunId, note);
  }

  static Recovery notRecovered(String why) {
    return new Recovery(null, why);
  }

  boolean started() {
    return newRunId != null;
  }
}
