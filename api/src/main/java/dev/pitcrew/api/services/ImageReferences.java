package dev.pitcrew.api.services;

import java.util.regex.Pattern;

/**
 * Container image references as the OCI distribution spec (and Docker) read them: {@code [registry[:port]/]path},
 * then a {@code :tag}, an {@code @sha256:<64 hex>} digest, or both. Pitcrew insists on a tag or digest, so a
 * deployment never means "whatever latest is today".
 */
public final class ImageReferences {
  private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final String DOMAIN = DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*(?::[0-9]{1,5})?";
  private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  private static final String REPOSITORY =
      "(?:" + DOMAIN + "/)?" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
  private static final String TAG = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";
  private static final String DIGEST = "sha256:[a-f0-9]{64}";

  private static final Pattern REPOSITORY_ONLY = Pattern.compile(REPOSITORY);
  private static final Pattern PINNED =
      Pattern.compile(REPOSITORY + "(?::" + TAG + "(?:@" + DIGEST + ")?|@" + DIGEST + ")");
  private static final Pattern TAG_ONLY = Pattern.compile(TAG);

  /** How a rejected reference should have looked, for error messages. */
  public static final String EXPECTED =
      "must be an image reference with a tag or digest, e.g. registry.example/game-api:1.5.0 or "
          + "registry.example/game-api@sha256:<64 hex digits>, or a bare tag such as v2 of the catalogued repository";

  private ImageReferences() {}

  /** A repository without tag or digest, e.g. {@code registry.example/studio/game-api}. */
  public static boolean isRepository(String value) {
    return value != null && value.length() <= 255 && REPOSITORY_ONLY.matcher(value).matches();
  }

  /** A repository with a tag, a digest or both. */
  public static boolean isPinned(String value) {
    return value != null && value.length() <= 512 && PINNED.matcher(value).matches();
  }

  /**
   * The full reference {@code image} names: itself when it is a pinned reference, {@code <repository>:<image>}
   * when it is a bare tag (no {@code /}, {@code :} or {@code @}); null when it is neither.
   */
  public static String qualify(String image, String repository) {
    if (image == null) {
      return null;
    }
    if (TAG_ONLY.matcher(image).matches()) {
      return repository + ":" + image;
    }
    return isPinned(image) ? image : null;
  }
}
