package dev.pitcrew.workflows.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.CharBuffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The vendor-text rule: whatever arrives, the result is storable, and storable text is never changed. */
class StorableTextProperties {

  @Property(tries = 1000)
  void anythingBecomesStorableUtf8(@ForAll("hostile") String text) {
    String stored = StorableText.of(text);
    assertThat(stored).doesNotContain("\u0000");
    assertThat(StorableText.isStorable(stored)).isTrue();
    assertThat(encodesAsUtf8(stored)).as("strict UTF-8 encoding").isTrue();
    assertThat(stored).hasSameSizeAs(text);
  }

  @Property(tries = 1000)
  void storableTextIsKeptVerbatim(@ForAll("hostile") String text) {
    String stored = StorableText.of(text);
    assertThat(StorableText.of(stored)).isSameAs(stored);
  }

  @Property(tries = 500)
  void onlyUnstorableCharactersAreReplaced(@ForAll("hostile") String text) {
    String stored = StorableText.of(text);
    for (int i = 0; i < text.length(); i++) {
      if (stored.charAt(i) != text.charAt(i)) {
        assertThat(stored.charAt(i)).isEqualTo(StorableText.REPLACEMENT);
        assertThat(text.charAt(i) == '\u0000' || Character.isSurrogate(text.charAt(i))).isTrue();
      }
    }
  }

  @Example
  void pairedSurrogatesRightToLeftAndControlCharactersSurvive() {
    String text = "🔥 שגיאה בשרת\u202E\u0007\t" + "x".repeat(1_000_000);
    assertThat(StorableText.of(text)).isSameAs(text);
  }

  @Example
  void nulAndLoneSurrogatesBecomeReplacementCharacters() {
    assertThat(StorableText.of("a\u0000b\uD800c\uDC00")).isEqualTo("a\uFFFDb\uFFFDc\uFFFD");
    assertThat(StorableText.describeUnstorable("ok\u0000")).contains("NUL").contains("index 2");
  }

  @Provide
  Arbitrary<String> hostile() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(200),
        Arbitraries.strings()
            .withChars('\u0000', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\u202E', '\u200F', '\u0007', '\u001B',
                '\uFFFF', '\uFFFD', 'א', 'a')
            .ofMaxLength(50));
  }

  /** A megabyte of arbitrary UTF-16 (surrogates included): a few tries, each is large. */
  @Property(tries = 3)
  void megabyteStringsBecomeStorable(
      @ForAll("megabyte") String text) {
    anythingBecomesStorableUtf8(text);
  }

  @Provide
  Arbitrary<String> megabyte() {
    return Arbitraries.strings().all().ofLength(1_000_000).withoutEdgeCases();
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
