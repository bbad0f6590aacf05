package dev.pitcrew.workers.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodecException;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AesGcmPayloadCodecTest {
  static final Payload PLAIN = Payload.newBuilder()
      .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
      .setData(ByteString.copyFromUtf8("{\"requester\":\"alice@studio.example\"}"))
      .build();
  final AesGcmPayloadCodec codec =
      new AesGcmPayloadCodec(KeyRotationTest.ring(Map.of("k1", KeyRotationTest.KEY_1), "k1"));

  @Test
  void encryptsWithAFreshNonceEveryTimeAndDecryptsBack() {
    Payload first = codec.encode(List.of(PLAIN)).getFirst();
    Payload second = codec.encode(List.of(PLAIN)).getFirst();

    assertThat(first.getData().toStringUtf8()).doesNotContain("alice");
    assertThat(first.getData()).isNotEqualTo(second.getData());
    assertThat(first.getData().substring(0, 12)).isNotEqualTo(second.getData().substring(0, 12));
    assertThat(codec.decode(List.of(first, second))).containsExactly(PLAIN, PLAIN);
  }

  @Test
  void plainPayloadsPassThroughDecode() {
    assertThat(codec.decode(List.of(PLAIN))).containsExactly(PLAIN);
  }

  @Test
  void refusesTamperedDataAndRelabelledKeys() {
    Payload sealed = codec.encode(List.of(PLAIN)).getFirst();
    byte[] data = sealed.getData().toByteArray();
    data[data.length - 1] ^= 1;
    Payload tampered = sealed.toBuilder().setData(ByteString.copyFrom(data)).build();
    assertThatThrownBy(() -> codec.decode(List.of(tampered))).isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("does not decrypt with key 'k1'");

    AesGcmPayloadCodec twoKeys = new AesGcmPayloadCodec(KeyRotationTest.ring(
        Map.of("k1", KeyRotationTest.KEY_1, "k2", KeyRotationTest.KEY_1), "k1"));
    Payload relabelled = sealed.toBuilder()
        .putMetadata(AesGcmPayloadCodec.METADATA_KEY_ID, ByteString.copyFromUtf8("k2")).build();
    assertThatThrownBy(() -> twoKeys.decode(List.of(relabelled))).isInstanceOf(PayloadCodecException.class);
  }

  @Test
  void namesAMissingKeyWithoutShowingAnyKey() {
    Payload sealed = codec.encode(List.of(PLAIN)).getFirst();
    AesGcmPayloadCodec otherRing =
        new AesGcmPayloadCodec(KeyRotationTest.ring(Map.of("k9", KeyRotationTest.KEY_2), "k9"));

    assertThatThrownBy(() -> otherRing.decode(List.of(sealed))).isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("key 'k1'").hasMessageNotContaining(KeyRotationTest.KEY_1);
  }

  @Test
  void configurationIsValidated() {
    Validator validator = Validation.buildDefaultValidatorFactory().getValidator();
    var codecServer = new PayloadEncryptionProperties.CodecServer(List.of());

    assertThat(validator.validate(new PayloadEncryptionProperties(Map.of(), null, codecServer))).isEmpty();
    assertThat(validator.validate(
        new PayloadEncryptionProperties(Map.of("k1", KeyRotationTest.KEY_1), null, codecServer))).isEmpty();
    assertThat(messages(validator, new PayloadEncryptionProperties(Map.of("k1", "c2hvcnQ="), null, codecServer)))
        .containsExactly("every key must be base64 of exactly 32 bytes (openssl rand -base64 32)");
    assertThat(messages(validator, new PayloadEncryptionProperties(
        Map.of("k1", KeyRotationTest.KEY_1, "k2", KeyRotationTest.KEY_2), null, codecServer)))
        .containsExactly("primary-key-id must name one of the keys (required when there are several)");
    assertThat(messages(validator, new PayloadEncryptionProperties(
        Map.of("Key_1", KeyRotationTest.KEY_1), null, codecServer))).hasSize(1);
    assertThat(new PayloadEncryptionProperties(Map.of("k1", KeyRotationTest.KEY_1), null, codecServer).toString())
        .doesNotContain(KeyRotationTest.KEY_1);
  }

  private static List<String> messages(Validator validator, PayloadEncryptionProperties properties) {
    return validator.validate(properties).stream().map(v -> v.getMessage()).toList();
  }
}
