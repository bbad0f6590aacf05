package dev.pitcrew.activities.pagerduty;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.pitcrew.activities.failure.RateLimited;
import dev.pitcrew.activities.support.ActivityHarness;
import dev.pitcrew.workflows.incident.EscalationStep;
import dev.pitcrew.workflows.incident.Page;
import dev.pitcrew.workflows.incident.PageUpdate;
import dev.pitcrew.workflows.incident.PagingActivities;
import dev.pitcrew.workflows.incident.Severity;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PagerDutyEventsApiTest {
  private static final String ACCEPTED = """
      {"status":"success","message":"Event processed","dedup_key":"incident-checkout-1a2b3c4d5e"}""";
  private static final String DEDUP_KEY = "incident-checkout-1a2b3c4d5e";

  private final WireMockServer pagerDuty = new WireMockServer(WireMockConfiguration.options().dynamicPort());
  private final ActivityHarness harness = new ActivityHarness();
  private PagingActivities paging;

  @BeforeEach
  void start() {
    pagerDuty.start();
    PagerDutyProperties properties = new PagerDutyProperties(pagerDuty.baseUrl() + "/v2/enqueue",
        "R0UTINGKEYDEFAULT000000000000000", Map.of("payments-primary", "R0UTINGKEYPAYMENTS0000000000000"));
    paging = harness.stub(PagingActivities.class, new PagerDutyPagingActivities(new PagerDutyEventsApi(properties)));
  }

  @AfterEach
  void stop() {
    harness.close();
    pagerDuty.stop();
  }

  @Test
  void triggersWithTheServicesRoutingKeyAndTheIncidentAsDedupKey() {
    pagerDuty.stubFor(post("/v2/enqueue").willReturn(aResponse().withStatus(202).withBody(ACCEPTED)));

    paging.trigger(new Page(DEDUP_KEY, "payments-primary", "[SEV1] Checkout failing", Severity.SEV1, "payments",
        new EscalationStep(2, 1)));

    pagerDuty.verify(postRequestedFor(urlEqualTo("/v2/enqueue"))
        .withHeader("Content-Type", equalTo("application/json"))
        .withRequestBody(equalToJson("""
            {
              "routing_key": "R0UTINGKEYPAYMENTS0000000000000",
              "event_action": "trigger",
              "dedup_key": "incident-checkout-1a2b3c4d5e",
              "payload": {
                "summary": "[SEV1] Checkout failing",
                "source": "payments",
                "severity": "critical",
                "timestamp": "${json-unit.any-string}",
                "component": "payments",
                "group": "pitcrew",
                "class": "incident",
                "custom_details": {
                  "incident": "incident-checkout-1a2b3c4d5e",
                  "severity": "SEV1",
                  "escalationLevel": 2,
                  "escalationLoop": 1
                }
              }
            }""")));
  }

  @Test
  void resolvesWithTheSameDedupKeyOnTheDefaultService() {
    pagerDuty.stubFor(post("/v2/enqueue").willReturn(aResponse().withStatus(202).withBody(ACCEPTED)));

    paging.resolve(new PageUpdate(DEDUP_KEY, Severity.DEFAULT_PAGERDUTY_SERVICE));

    // Events API v2 ignores the payload of resolve events; pagerduty-client always sends this placeholder.
    pagerDuty.verify(postRequestedFor(urlEqualTo("/v2/enqueue")).withRequestBody(equalToJson("""
        {"routing_key": "R0UTINGKEYDEFAULT000000000000000", "event_action": "resolve",
         "dedup_key": "incident-checkout-1a2b3c4d5e",
         "payload": {"summary": "BLANK", "source": "BLANK", "severity": "info", "timestamp": null, "component": null,
                     "group": null, "class": null, "custom_details": null}}""")));
  }

  @Test
  void rateLimitBecomesARetryableFailureWithADelay() {
    pagerDuty.stubFor(post("/v2/enqueue").willReturn(aResponse().withStatus(429).withBody("")));

    ApplicationFailure failure = ActivityHarness.failureOf(() ->
        paging.acknowledge(new PageUpdate(DEDUP_KEY, "payments-primary")));

    assertThat(failure.getType()).isEqualTo(RateLimited.TYPE);
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void invalidEventIsNotRetriedAndNoSecretLeaksIntoTheFailure() {
    pagerDuty.stubFor(post("/v2/enqueue").willReturn(aResponse().withStatus(400).withBody("""
        {"status":"invalid event","message":"Event object is invalid","errors":["Length of 'routing_key' is incorrect"]}""")));

    ApplicationFailure failure = ActivityHarness.failureOf(() ->
        paging.acknowledge(new PageUpdate(DEDUP_KEY, "payments-primary")));

    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("invalid event").doesNotContain("R0UTINGKEY");
  }

  @Test
  void unknownPagerDutyServiceFailsWithoutCallingPagerDuty() {
    ApplicationFailure failure = ActivityHarness.failureOf(() ->
        paging.acknowledge(new PageUpdate(DEDUP_KEY, "nobody-configured-this")));

    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(pagerDuty.getAllServeEvents()).isEmpty();
  }

  @Test
  void rateLimitDelayGrowsWithEachAttemptUpToFiveMinutes() {
    assertThat(PagerDutyEventsApi.backoffForAttempt(1)).isEqualTo(Duration.ofSeconds(10));
    assertThat(PagerDutyEventsApi.backoffForAttempt(3)).isEqualTo(Duration.ofSeconds(40));
    assertThat(PagerDutyEventsApi.backoffForAttempt(12)).isEqualTo(Duration.ofMinutes(5));
  }
}
