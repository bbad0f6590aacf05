package dev.pitcrew.api.web;

import org.springframework.util.unit.DataSize;

/**
 * The largest body a path accepts, and the setting that says so (named in the 413, so the operator knows what to
 * raise).
 */
record BodyLimit(DataSize size, String setting) {

  long bytes() {
    return size.toBytes();
  }

  /** {@code The request body is larger than 1 MB (PITCREW_WEB_MAXBODYBYTES)}. */
  String detail() {
    return "The request body is larger than " + readable(size) + " (" + setting + ")";
  }

  /** The larger of the two; this one when they are equal. */
  BodyLimit larger(BodyLimit other) {
    return other.bytes() > bytes() ? other : this;
  }

  private static String readable(DataSize size) {
    long bytes = size.toBytes();
    if (bytes % DataSize.ofMegabytes(1).toBytes() == 0) {
      return size.toMegabytes() + " MB";
    }
    if (bytes % DataSize.ofKilobytes(1).toBytes() == 0) {
      return size.toKilobytes() + " KB";
    }
    return bytes + " bytes";
  }
}
