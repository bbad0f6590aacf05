package dev.pitcrew.api.services;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferencesTest {
  private static final String REPO = "registry.example/game-api";
  private static final String DIGEST = "sha256:" + "a".repeat(64);

  @ParameterizedTest
  @ValueSource(strings = {
      "registry.example/game-api:1.5.0", "registry.example:5000/studio/game-api:v2", "game-api:latest-rc.1",
      "registry.example/game-api@" + "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
      "registry.example/game-api:1.5.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"})
  void pinnedReferencesAreKeptAsTheyAre(String image) {
    assertThat(ImageReferences.qualify(image, REPO)).isEqualTo(image);
  }

  @ParameterizedTest
  @ValueSource(strings = {"v2", "1.5.0", "release_2026-11-25"})
  void aBareTagIsATagOfTheCataloguedRepository(String tag) {
    assertThat(ImageReferences.qualify(tag, REPO)).isEqualTo(REPO + ":" + tag);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "registry.example/game-api", "registry.example/game-api:", "Registry.example/Game-API:v2", "game api:v2",
      "registry.example/game-api@sha256:abc", "registry.example/game-api@md5:" + "a", "-v2", ":v2", "a/b:c d"})
  void anythingElseIsRefused(String image) {
    assertThat(ImageReferences.qualify(image, REPO)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"registry.example/game-api", "game-api", "registry.example:5000/studio/game-api"})
  void repositoriesHaveNoTagOrDigest(String repository) {
    assertThat(ImageReferences.isRepository(repository)).isTrue();
    assertThat(ImageReferences.isRepository(repository + ":v1")).isFalse();
    assertThat(ImageReferences.isRepository(repository + "@" + DIGEST)).isFalse();
  }
}
