package dev.pitcrew.api.runs;

import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.payload.codec.PayloadCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/** Shows Temporal payloads (inputs, results, signal arguments) as JSON for people and the API. */
@Component
class PayloadJson {
  private static final String ENCODING = "encoding";

  private final JsonMapper mapper;
  private final PayloadCodec codec;

  /** @param codec decrypts payloads read raw from a history (passes them through when encryption is off) */
  PayloadJson(JsonMapper mapper, PayloadCodec codec) {
    this.mapper = mapper;
    this.codec = codec;
  }

  /** A single payload as its value, several as an array, none as null. */
  JsonNode of(Payloads payloads) {
    if (payloads.getPayloadsCount() == 0) {
      return null;
    }
    if (payloads.getPayloadsCount() == 1) {
      return of(payloads.getPayloads(0));
    }
    var array = JsonNodeFactory.instance.arrayNode();
    payloads.getPayloadsList().forEach(p -> array.add(of(p)));
    return array;
  }

  JsonNode of(Payload stored) {
    Payload payload = codec.decode(List.of(stored)).getFirst();
    String encoding = payload.getMetadataOrDefault(ENCODING, com.google.protobuf.ByteString.EMPTY).toStringUtf8();
    return switch (encoding) {
      case "json/plain" -> mapper.readTree(payload.getData().toString(StandardCharsets.UTF_8));
      case "binary/null" -> JsonNodeFactory.instance.nullNode();
      default -> JsonNodeFactory.instance.stringNode("<" + encoding + " payload, " + payload.getData().size() + " bytes>");
    };
  }
}
