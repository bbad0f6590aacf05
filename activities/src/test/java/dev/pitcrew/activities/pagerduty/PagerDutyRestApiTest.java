package dev.pitcrew.activities.pagerduty;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link PagerDutyRestApi} against WireMock answering as PagerDuty's REST API v2 reference documents. */
class PagerDutyRestApiTest {
  private static final String TOKEN = "y_NbAkKc66ryYTWUXYEu";
  private static final String INCIDENT_KEY = "incident-alertmanager-highErrorRate-3f9a1c2b7d";

  /** Shaped as PagerDuty's documented "Get an incident" example: many fields Pitcrew does not read, nested objects. */
  private static final String INCIDENT = """
      {"incident": {
        "id": "PT4KHLK",
        "type": "incident",
        "summary": "[#1234] 5xx above 5%% on game-api",
        "self": "https://api.pagerduty.com/incidents/PT4KHLK",
        "html_url": "https://subdomain.pagerduty.com/incidents/PT4KHLK",
        "incident_number": 1234,
        "title": "5xx above 5%% on game-api",
        "created_at": "2026-03-14T09:21:05Z",
        "updated_at": "2026-03-14T09:24:11Z",
        "status": "acknowledged",
        "incident_key": "%s",
        "service": {"id": "PIJ90N7", "type": "service_reference", "summary": "game-api",
                    "self": "https://api.pagerduty.com/services/PIJ90N7",
                    "html_url": "https://subdomain.pagerduty.com/service-directory/PIJ90N7"},
        "assignments": [],
        "assigned_via": "escalation_policy",
        "last_status_change_at": "2026-03-14T09:24:11Z",
        "resolved_at": null,
        "alert_counts": {"all": 1, "triggered": 0, "resolved": 0},
        "is_mergeable": true,
        "escalation_policy": {"id": "PT20YPA", "type": "escalation_policy_reference", "summary": "Game on-call"},
        "teams": [],
        "pending_actions": [],
        "acknowledgements": [{"at": "2026-03-14T09:24:11Z",
                              "acknowledger": {"id": "PLH1HKV", "type": "user_reference", "summary": "Dana Oncall"}}],
        "alert_grouping": null,
        "priority": null,
        "resolve_reason": null,
        "urgency": "high"}}""".formatted(INCIDENT_KEY);

  private final WireMockServer pagerDuty = new WireMockServer(WireMockConfiguration.options().dynamicPort());
  private PagerDutyRestApi api;

  @BeforeEach
  void start() {
    pagerDuty.start();
    api = PagerDutyRestConfiguration.connect(
        new PagerDutyRestProperties(pagerDuty.baseUrl(), TOKEN, Duration.ofSeconds(2)));
  }

  @AfterEach
  void stop() {
    pagerDuty.stop();
  }

  @Test
  void readsAnIncidentWithTokenAuthAndTheVersion2AcceptHeader() {
    pagerDuty.stubFor(get("/incidents/PT4KHLK").willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json; charset=utf-8").withBody(INCIDENT)));

    PagerDutyRestApi.Incident incident = api.incident("PT4KHLK").incident();

    assertThat(incident).isEqualTo(new PagerDutyRestApi.Incident("PT4KHLK", INCIDENT_KEY, "acknowledged",
        "5xx above 5% on game-api", "https://subdomain.pagerduty.com/incidents/PT4KHLK"));
    pagerDuty.verify(1, getRequestedFor(urlEqualTo("/incidents/PT4KHLK"))
        .withHeader("Authorization", equalTo("Token token=" + TOKEN))
        .withHeader("Accept", equalTo("application/vnd.pagerduty+json;version=2")));
  }

  @Test
  void aRefusedTokenIsAClearErrorThatDoesNotCarryTheToken() {
    pagerDuty.stubFor(get("/incidents/PT4KHLK").willReturn(aResponse().withStatus(401)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"error\": {\"message\": \"Authentication failed\", \"code\": 2006}}")));

    PagerDutyRestException failure =
        catchThrowableOfType(PagerDutyRestException.class, () -> api.incident("PT4KHLK"));

    assertThat(failure.status()).isEqualTo(401);
    assertThat(failure.getMessage())
        .contains("GET /incidents/PT4KHLK", "HTTP 401", "token is wrong", "Authentication failed")
        .doesNotContain(TOKEN);
  }

  @Test
  void notFoundRateLimitAndOutagesSurfaceWithTheirStatus() {
    pagerDuty.stubFor(get("/incidents/PGONE00").willReturn(aResponse().withStatus(404)
        .withBody("{\"error\": {\"message\": \"Not Found\", \"code\": 2100}}")));
    pagerDuty.stubFor(get("/incidents/PBUSY00").willReturn(aResponse().withStatus(429)));
    pagerDuty.stubFor(get("/incidents/PDOWN00").willReturn(aResponse().withStatus(503)));
    pagerDuty.stubFor(get("/incidents/PRESET0").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    PagerDutyRestException gone = catchThrowableOfType(PagerDutyRestException.class, () -> api.incident("PGONE00"));
    PagerDutyRestException busy = catchThrowableOfType(PagerDutyRestException.class, () -> api.incident("PBUSY00"));
    PagerDutyRestException down = catchThrowableOfType(PagerDutyRestException.class, () -> api.incident("PDOWN00"));
    PagerDutyRestException reset = catchThrowableOfType(PagerDutyRestException.class, () -> api.incident("PRESET0"));

    assertThat(gone.notFound()).isTrue();
    assertThat(busy.status()).isEqualTo(429);
    assertThat(busy.getMessage()).contains("rate limited");
    assertThat(down.status()).isEqualTo(503);
    assertThat(reset.status()).isEqualTo(PagerDutyRestException.UNREACHABLE);
    assertThat(reset.getMessage()).contains("unreachable");
    for (PagerDutyRestException failure : new PagerDutyRestException[] {gone, busy, down, reset}) {
      assertThat(failure.getMessage()).doesNotContain(TOKEN);
      assertThat(failure.notFound()).isEqualTo(failure == gone);
    }
  }
}
