package dev.pitcrew.api.runs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.failure.v1.ApplicationFailureInfo;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.MarkerRecordedEventAttributes;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodec;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The timeline's reading of local-activity markers, as the SDK records them. */
class TimelineBuilderTest {
  private static final PayloadCodec PLAIN = new PayloadCodec() {
    @Override
    public List<io.temporal.api.common.v1.Payload> encode(List<io.temporal.api.common.v1.Payload> payloads) {
      return payloads;
    }

    @Override
    public List<io.temporal.api.common.v1.Payload> decode(List<io.temporal.api.common.v1.Payload> payloads) {
      return payloads;
    }
  };

  private final TimelineBuilder builder = new TimelineBuilder(new PayloadJson(JsonMapper.builder().build(), PLAIN));

  /** A lookup the run went on without (the SLA's terms for a new priority) shows nowhere but in its marker. */
  @Test
  void aFailedLocalActivityIsAFailureLine() {
    Failure failure = Failure.newBuilder().setMessage("SLA configuration incomplete: no queue named 'support'")
        .setApplicationFailureInfo(ApplicationFailureInfo.newBuilder().setType("SlaMisconfigured")).build();
    HistoryEvent marker = HistoryEvent.newBuilder().setEventId(7).setEventTime(Timestamp.newBuilder().setSeconds(1))
        .setEventType(EventType.EVENT_TYPE_MARKER_RECORDED)
        .setMarkerRecordedEventAttributes(MarkerRecordedEventAttributes.newBuilder().setMarkerName("LocalActivity")
            .putDetails("type", payloads("LoadSlaTerms")).setFailure(failure))
        .build();

    List<TimelineEvent> timeline = builder.build(List.of(marker));

    assertThat(timeline).singleElement().satisfies(line -> {
      assertThat(line.kind()).isEqualTo("failure");
      assertThat(line.title()).isEqualTo("LoadSlaTerms failed inside the workflow task: "
          + "SLA configuration incomplete: no queue named 'support'");
    });
  }

  private static Payloads payloads(Object value) {
    return Payloads.newBuilder().addPayloads(DefaultDataConverter.STANDARD_INSTANCE.toPayload(value).orElseThrow())
        .build();
  }
}
