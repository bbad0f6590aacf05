package dev.pitcrew.workflows.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The vendor-text rule: whatever arrives, the result is storable, and storable text is never changed. Properties over
 * {@link HostileText} samples (fixed seed; {@code -Dpitcrew.hostileText.seed=<n>} to change it).
 */
class StorableTextPropertiesTest {
  private final HostileText hostile = HostileText.seeded();

  @Test
  void anythingBecomesStorableUtf8() {
    hostile.forAll(1000, samples(), StorableTextPropertiesTest::becomesStorableUtf8);
  }

  private static void becomesStorableUtf8(String text) {
    String stored = StorableText.of(text);
    assertThat(stored).doesNotContain("\u0000");
    assertThat(StorableText.isStorable(stored)).isTrue();
    assertThat(encodesAsUtf8(stored)).as("strict UTF-8 encoding").isTrue();
    assertThat(stored).hasSameSizeAs(text);
  }

  @Test
  void storableTextIsKeptVerbatim() {
    hostile.forAll(1000, samples(), text -> {
      String stored = StorableText.of(text);
      assertThat(StorableText.of(stored)).isSameAs(stored);
    });
  }

  @Test
  void onlyUnstorableCharactersAreReplaced() {
    hostile.forAll(500, samples(), text -> {
      String stored = StorableText.of(text);
      for (int i = 0; i < text.length(); i++) {
        if (stored.charAt(i) != text.charAt(i)) {
          assertThat(stored.charAt(i)).isEqualTo(StorableText.REPLACEMENT);
          assertThat(text.charAt(i) == '\u0000' || Character.isSurrogate(text.charAt(i))).isTrue();
        }
      }
    });
  }

  @Test
  void pairedSurrogatesRightToLeftAndControlCharactersSurvive() {
    String text = "🔥 שגיאה בשרת\u202E\u0007\t" + "x".repeat(1_000_000);
    assertThat(StorableText.of(text)).isSameAs(text);
  }

  @Test
  void nulAndLoneSurrogatesBecomeReplacementCharacters() {
    assertThat(StorableText.of("a\u0000b\uD800c\uDC00")).isEqualTo("a\uFFFDb\uFFFDc\uFFFD");
    assertThat(StorableText.describeUnstorable("ok\u0000")).contains("NUL").contains("index 2");
  }

  /** Up to 200 UTF-16 units of anything: hostile characters, pairs and ordinary text, alone and mixed. */
  private Stream<String> samples() {
    return hostile.strings(0, 200);
  }

  /** A megabyte of arbitrary UTF-16 (surrogates included): a few tries, each is large. */
  @Test
  void megabyteStringsBecomeStorable() {
    hostile.forAll(3, Stream.generate(() -> hostile.megabyte(1_000_000)), StorableTextPropertiesTest::becomesStorableUtf8);
  }

  private static boolean encodesAsUtf8(String text) {
    try {
      StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(text));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
