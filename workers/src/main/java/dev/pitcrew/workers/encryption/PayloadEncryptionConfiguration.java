package dev.pitcrew.workers.encryption;

import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodec;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The data converter every Temporal client and worker of this process uses: the SDK's default, wrapped in the
 * AES-GCM codec when keys are configured. Workers take the client's converter, so one bean covers both.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PayloadEncryptionProperties.class)
public class PayloadEncryptionConfiguration {
  private static final Logger log = LoggerFactory.getLogger(PayloadEncryptionConfiguration.class);

  /**
   * The codec, or one that changes nothing when encryption is off (the codec endpoint then passes payloads through).
   * Primary because the codec data converter is a PayloadCodec too.
   */
  @Bean
  @Primary
  PayloadCodec payloadCodec(PayloadEncryptionProperties properties) {
    if (!properties.enabled()) {
      return new PayloadCodec() {
        @Override
        public List<io.temporal.api.common.v1.Payload> encode(List<io.temporal.api.common.v1.Payload> payloads) {
          return payloads;
        }

        @Override
        public List<io.temporal.api.common.v1.Payload> decode(List<io.temporal.api.common.v1.Payload> payloads) {
          return payloads;
        }
      };
    }
    log.info("Temporal payloads are encrypted (AES-256-GCM) with key '{}'; {} key(s) can decrypt",
        properties.effectivePrimaryKeyId(), properties.keys().size());
    return new AesGcmPayloadCodec(KeyRing.from(properties));
  }

  @Bean
  DataConverter temporalDataConverter(PayloadEncryptionProperties properties, PayloadCodec payloadCodec) {
    if (!properties.enabled()) {
      return DefaultDataConverter.STANDARD_INSTANCE;
    }
    // Failures' messages and stack traces are encoded as payloads too: they quote inputs often enough.
    return new CodecDataConverter(DefaultDataConverter.STANDARD_INSTANCE, List.of(payloadCodec), true);
  }
}
