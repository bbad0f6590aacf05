package dev.pitcrew.api.codec;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.pitcrew.api.problem.ApiException;
import dev.pitcrew.workers.temporal.TemporalEndpoint;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.util.List;
import java.util.function.UnaryOperator;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Temporal's remote codec protocol, so the Temporal UI and CLI show decrypted payloads to people allowed to read runs
 * (set the UI's codec endpoint to {@code <pitcrew>/codec}). Both endpoints take and answer
 * {@code {"payloads":[{"metadata":{"encoding":"<base64>"},"data":"<base64>"}]}}, protobuf's JSON form of
 * {@link Payloads}. The keys never leave this process; see docs/payload-encryption.md.
 */
@RestController
class CodecController {
  private static final String NAMESPACE_HEADER = "X-Namespace";
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

  private final PayloadCodec codec;
  private final TemporalEndpoint temporal;

  CodecController(PayloadCodec codec, TemporalEndpoint temporal) {
    this.codec = codec;
    this.temporal = temporal;
  }

  @PostMapping(path = "/codec/decode", produces = MediaType.APPLICATION_JSON_VALUE)
  @PreAuthorize("@access.can('codec.decode')")
  String decode(@RequestHeader(name = NAMESPACE_HEADER, required = false) String namespace,
      @RequestBody(required = false) String body) {
    return transform(namespace, body, codec::decode);
  }

  /** For inputs typed into the Temporal UI or CLI (start, signal): they reach Temporal encrypted like Pitcrew's own. */
  @PostMapping(path = "/codec/encode", produces = MediaType.APPLICATION_JSON_VALUE)
  @PreAuthorize("@access.can('codec.encode')")
  String encode(@RequestHeader(name = NAMESPACE_HEADER, required = false) String namespace,
      @RequestBody(required = false) String body) {
    return transform(namespace, body, codec::encode);
  }

  private String transform(String namespace, String body, UnaryOperator<List<Payload>> operation) {
    // One codec serves one namespace: a UI pointed at another namespace's histories would only get errors.
    if (namespace != null && !namespace.isBlank() && !namespace.equals(temporal.namespace())) {
      throw ApiException.badField(NAMESPACE_HEADER,
          "this codec serves Temporal namespace '" + temporal.namespace() + "', not '" + namespace + "'");
    }
    Payloads request = parse(body);
    try {
      return PRINTER.print(Payloads.newBuilder().addAllPayloads(operation.apply(request.getPayloadsList())).build());
    } catch (PayloadCodecException e) {
      throw ApiException.badField("payloads", e.getMessage());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("A payload cannot be written as JSON", e);
    }
  }

  private static Payloads parse(String body) {
    if (body == null || body.isBlank()) {
      throw ApiException.badField("payloads", "required: a JSON body {\"payloads\":[...]}");
    }
    Payloads.Builder payloads = Payloads.newBuilder();
    try {
      PARSER.merge(body, payloads);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw ApiException.badField("payloads",
          "must be an array of payloads with base64 metadata values and data (Temporal's codec protocol)");
    }
    return payloads.build();
  }
}
