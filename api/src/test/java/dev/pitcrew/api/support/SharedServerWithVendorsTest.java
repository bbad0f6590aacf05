package dev.pitcrew.api.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.pitcrew.api.runs.RunLauncher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * The one shared local-mode server whose vendors are live: Slack's Web API (HTTP mode, signed requests),
 * PagerDuty's REST API and JIRA all answer from one WireMock server, and mail goes to one GreenMail SMTP server,
 * each started once per JVM. Classes that talk to vendors extend this instead of starting a context of their own;
 * like {@link SharedServerTest} they isolate by data (their own services, channels, ticket keys, dedup keys) and
 * stub what they need in {@code @BeforeEach} (a later stub wins over an earlier one). The catch-all stubs below
 * answer at a low priority so a class that stubs nothing about Slack or JIRA still gets well-formed answers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class SharedServerWithVendorsTest {
  public static final Path DATA_DIR = createDataDir();
  public static final String SLACK_SIGNING_SECRET = "0d1e2f3a4b5c6d7e8f90a1b2c3d4e5f6";
  public static final String ALERTMANAGER_TOKEN = "am-bearer-5f2c9e";
  public static final String ALERTMANAGER_USER = "alertmanager";
  public static final String ALERTMANAGER_PASSWORD = "am-basic-81ad";
  public static final String PAGERDUTY_OLD_SECRET = "pd-secret-old-11aa";
  public static final String PAGERDUTY_NEW_SECRET = "pd-secret-new-22bb";
  public static final String PAGERDUTY_API_TOKEN = "pdRestT0ken-9c1e7a";
  public static final String JIRA_WEBHOOK_SECRET = "jira-hook-secret-7c1d";
  /** Slack (under {@code /api/} and {@code /respond/}), PagerDuty's REST API and JIRA, for every class. */
  public static final WireMockServer VENDORS = startedWireMock();
  public static final GreenMail SMTP = startedSmtp();

  @LocalServerPort protected int port;
  /** Sends the bootstrap admin token. */
  protected HttpApi api;
  /** The real launcher, spied on so a test can hold a start back. */
  @MockitoSpyBean protected RunLauncher launcher;

  @DynamicPropertySource
  static void localModeWithVendors(DynamicPropertyRegistry registry) {
    LocalModeTestProperties.register(registry, DATA_DIR);
    registry.add("pitcrew.kubernetes.mode", () -> "sandbox");
    registry.add("pitcrew.kubernetes.sandbox.rollout-delay", () -> "200ms");
    registry.add("pitcrew.slack.mode", () -> "http");
    registry.add("pitcrew.slack.signing-secret", () -> SLACK_SIGNING_SECRET);
    registry.add("pitcrew.slack.bot-token", () -> "xoxb-test-token");
    registry.add("pitcrew.slack.api-url", () -> VENDORS.baseUrl() + "/api/");
    registry.add("pitcrew.slack.channel-interval", () -> "10ms");
    registry.add("pitcrew.public.url", () -> "https://pitcrew.example");
    // Slack users: alice deploys to staging and responds to incidents, carol releases and commands incidents,
    // olive operates self-checks; everyone else is a viewer.
    registry.add("pitcrew.chatops.roles.deployer.members", () -> "alice@studio.example");
    registry.add("pitcrew.chatops.roles.responder.members", () -> "alice@studio.example");
    registry.add("pitcrew.chatops.roles.releaser.members", () -> "carol@studio.example");
    registry.add("pitcrew.chatops.roles.incident-commander.members", () -> "carol@studio.example");
    registry.add("pitcrew.chatops.roles.operator.members", () -> "olive@studio.example");
    registry.add("pitcrew.hooks.alertmanager.bearer-token", () -> ALERTMANAGER_TOKEN);
    registry.add("pitcrew.hooks.alertmanager.username", () -> ALERTMANAGER_USER);
    registry.add("pitcrew.hooks.alertmanager.password", () -> ALERTMANAGER_PASSWORD);
    registry.add("pitcrew.hooks.alertmanager.max-body-bytes", () -> "64KB");
    registry.add("pitcrew.hooks.pagerduty.secrets", () -> PAGERDUTY_OLD_SECRET + "," + PAGERDUTY_NEW_SECRET);
    registry.add("pitcrew.pagerduty.api-url", VENDORS::baseUrl);
    registry.add("pitcrew.pagerduty.api-token", () -> PAGERDUTY_API_TOKEN);
    registry.add("pitcrew.jira.webhook-secret", () -> JIRA_WEBHOOK_SECRET);
    registry.add("pitcrew.jira.base-url", VENDORS::baseUrl);
    registry.add("pitcrew.jira.email", () -> "pitcrew-bot@studio.example");
    registry.add("pitcrew.jira.api-token", () -> "jira-api-token-x");
    registry.add("spring.mail.host", () -> "127.0.0.1");
    registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
    registry.add("pitcrew.sla.mail-from", () -> "support@studio.example");
  }

  @BeforeEach
  void adminClient() {
    api = new HttpApi(port);
  }

  private static WireMockServer startedWireMock() {
    // Left running until the JVM exits: the cached context outlives every class that uses it.
    WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    server.start();
    int fallback = 100; // WireMock's default priority is 5: any stub a test adds wins over these
    server.stubFor(post(urlEqualTo("/api/chat.postMessage")).atPriority(fallback)
        .willReturn(okJson("{\"ok\":true,\"channel\":\"C0ANY\",\"ts\":\"1700000000.000900\"}")));
    server.stubFor(post(urlEqualTo("/api/chat.update")).atPriority(fallback).willReturn(okJson("{\"ok\":true}")));
    server.stubFor(post(urlEqualTo("/api/conversations.create")).atPriority(fallback)
        .willReturn(okJson("{\"ok\":true,\"channel\":{\"id\":\"C0ANYINCIDENT\",\"name\":\"inc\"}}")));
    server.stubFor(post(urlEqualTo("/api/conversations.invite")).atPriority(fallback)
        .willReturn(okJson("{\"ok\":true}")));
    server.stubFor(post(urlEqualTo("/api/usergroups.users.list")).atPriority(fallback)
        .willReturn(okJson("{\"ok\":true,\"users\":[]}")));
    server.stubFor(post(urlPathMatching("/respond/.*")).atPriority(fallback)
        .willReturn(aResponse().withStatus(200).withBody("ok")));
    server.stubFor(put(urlMatching("/rest/api/3/issue/[A-Z]+-[0-9]+/assignee")).atPriority(fallback)
        .willReturn(aResponse().withStatus(204)));
    return server;
  }

  private static GreenMail startedSmtp() {
    GreenMail smtp = new GreenMail(new ServerSetup(FreePorts.next(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    return smtp;
  }

  private static Path createDataDir() {
    try {
      Path dir = Files.createTempDirectory("pitcrew-shared-vendors-server");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
