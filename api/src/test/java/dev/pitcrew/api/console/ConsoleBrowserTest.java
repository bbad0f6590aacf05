package dev.pitcrew.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.api.support.HttpApi;
import dev.pitcrew.api.support.HttpApi.Response;
import dev.pitcrew.api.support.SharedServerTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The console in a real browser (headless Debian chromium), against the shared local-mode server: the acceptance
 * path of issue 15 end to end. An admin signs in and enrols TOTP, creates a second person in Settings and starts a
 * production deployment; approving it themself is refused with the validator's reason; the second person, on a
 * 390×844 phone, approves it while the admin's run page grows its timeline without a reload; an Alertmanager alert
 * appears live on the phone's Now page and is acknowledged and resolved there, two taps each; a new ticket's
 * countdown moves on the Support board; a remediation waiting for its approval is approved on the admin's Now page.
 * Every page the tour shows, and every Settings page, is scanned by axe-core. The tour's screenshots come from here
 * ({@code -Dpitcrew.writeScreenshots=true}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest extends SharedServerTest {
  private static final String SERVICE = "console-game";
  private static final String DEPLOYMENT = "deploy-" + SERVICE + "@production";
  private final String suffix = UUID.randomUUID().toString().substring(0, 6);
  private final String adminName = "console-admin-" + suffix;
  private final String adminPassword = "console-admin-password-" + suffix;
  private final Screenshots shots = new Screenshots();
  private ConsolePerson admin;
  private ConsolePerson releaser;

  @BeforeAll
  void anAdminAndAService() {
    HttpApi rest = new HttpApi(port);
    Response created = rest.post("/api/v1/users", """
        {"username": "%s", "password": "%s", "roles": ["admin"]}""".formatted(adminName, adminPassword));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    Response service = rest.put("/api/v1/services/" + SERVICE, """
        {"imageRepository": "registry.example/console-game", "environments": ["staging", "production"]}""");
    assertThat(service.status()).as(service.text()).isIn(200, 201);
  }

  @AfterAll
  void closeBrowsers() {
    if (admin != null) {
      admin.close();
    }
    if (releaser != null) {
      releaser.close();
    }
  }

  @Test
  void acceptancePathOnDesktopAndPhone() throws Exception {
    String base = "http://localhost:" + port;
    admin = new ConsolePerson(Chromium.start(Chromium.DESKTOP), base, adminName);
    admin.open("/login");
    admin.find("#username");
    Accessibility.assertAccessible(admin.driver, "the sign-in page");
    List<String> recovery = admin.signInAndEnrol(adminPassword, shots, "admin");
    assertThat(recovery).hasSize(10);

    // Settings → Users and roles: a second person, releaser and incident commander; the password is shown once.
    admin.open("/settings/users");
    Accessibility.assertAccessible(admin.driver, "Settings → Users");
    String releaserName = "console-releaser-" + suffix;
    admin.find("#username").sendKeys("bad name!");
    admin.click("#role-releaser");
    admin.click("#new-user button[type=submit]");
    assertThat(admin.find("#username-error").getText()).as("a refused field is shown at the field")
        .contains("letters, digits");
    admin.find("#username").clear();
    admin.find("#username").sendKeys(releaserName);
    admin.click("#role-releaser");
    admin.click("#role-incident-commander");
    shots.take(admin.driver, "admin-users");
    admin.click("#new-user button[type=submit]");
    String releaserPassword = admin.find("#generated-password").getText();
    assertThat(releaserPassword).hasSizeGreaterThanOrEqualTo(12);

    // The admin starts a production deployment from the console; it waits for a second person.
    admin.openLive("/deployments");
    admin.click("details.confirm > summary");
    admin.find("#service").sendKeys(SERVICE);
    admin.find("#environment").sendKeys("production");
    admin.find("#image").sendKeys("v2");
    admin.click("#start-deployment button[type=submit]");
    admin.waitFor(ExpectedConditions.urlContains("/deployments/" + DEPLOYMENT));
    admin.waitLive();
    // The sandbox rollout and pre-promotion steps are workflow activities: slow on a loaded machine, so patient.
    awaitLivePhase(admin, "AwaitingApproval", java.time.Duration.ofMinutes(4));
    assertThat(admin.find(".two-person").getText()).contains("someone other than " + adminName);
    assertThat(admin.find(".requested-by").getText()).isEqualTo(adminName);
    Accessibility.assertAccessible(admin.driver, "a deployment awaiting approval");
    shots.take(admin.driver, "releaser-deployment-awaiting");

    // Approving their own production deployment is refused, with the workflow validator's reason.
    admin.click("#deployment-detail details.confirm > summary");
    admin.find("#approve-reason").sendKeys("looks good to me");
    admin.click(".confirm-approve");
    assertThat(admin.outcome()).contains(adminName + " requested this production deployment and may not approve it");
    shots.take(admin.driver, "releaser-self-approval-refused");
    JsonNode refusals = new HttpApi(port).get("/api/v1/audit?channel=console&outcome=DENIED&target=" + DEPLOYMENT)
        .body().get("items");
    assertThat(refusals).as("the refused click is audited, attributed to the signed-in person").isNotEmpty();
    assertThat(refusals.get(0).get("principal").asString()).isEqualTo(adminName);
    assertThat(refusals.get(0).get("reason").asString()).contains("may not approve");

    // The admin watches the run page; the phone's approval must reach it without a reload.
    admin.openLive("/runs/" + DEPLOYMENT);
    Accessibility.assertAccessible(admin.driver, "a run page");
    int eventsBefore = timelineEvents(admin);
    ((JavascriptExecutor) admin.driver).executeScript("window.pitcrewNoReload = true;");

    releaser = new ConsolePerson(Chromium.start(Chromium.PHONE), base, releaserName);
    releaser.signInAndEnrol(releaserPassword, shots, "phone");
    releaser.find("#deployments-awaiting a[href$='" + DEPLOYMENT + "']");
    Accessibility.assertAccessible(releaser.driver, "the Now page on a phone");
    shots.take(releaser.driver, "phone-now-approval-waiting");
    releaser.openLive("/deployments/" + DEPLOYMENT);
    releaser.click("#deployment-detail details.confirm > summary");
    releaser.find("#approve-reason").sendKeys("second pair of eyes: canary green");
    shots.take(releaser.driver, "phone-approve-confirm");
    releaser.click(".confirm-approve");
    assertThat(releaser.outcome()).doesNotContain("refused");
    releaser.waitFor(d -> !d.findElement(By.id("deployment-detail")).getText().contains("AwaitingApproval"));

    admin.waitFor(d -> timelineEvents(admin) > eventsBefore);
    assertThat(((JavascriptExecutor) admin.driver).executeScript("return window.pitcrewNoReload === true;"))
        .as("the timeline grew without a reload").isEqualTo(true);
    shots.take(admin.driver, "releaser-run-timeline");

    // An Alertmanager alert (the README's example, for this test's own service) appears live on the phone.
    releaser.openLive("/");
    String alertname = "ConsoleGameErrors" + suffix;
    String body = Files.readString(Path.of("../docs/examples/alertmanager-firing.json"))
        .replace("GameApiHighErrorRate", alertname).replace("game-api", SERVICE);
    Response alert = new HttpApi(port, ALERTMANAGER_TOKEN).post("/api/v1/hooks/alertmanager", body);
    assertThat(alert.status()).as(alert.text()).isBetween(200, 202);
    // Found by its own service, whatever else the shared server holds open; read in one go, since the fragment is
    // swapped whenever any incident changes.
    String incidentId = releaser.waitFor(d -> d.findElements(
            By.cssSelector("#open-incidents article.incident[data-service='" + SERVICE + "']"))
        .stream().map(e -> e.getAttribute("data-incident")).findFirst().orElse(null));
    assertThat(incidentId).isNotBlank();
    Accessibility.assertAccessible(releaser.driver, "the Now page with an open incident");
    shots.take(releaser.driver, "oncall-now-incident");

    String mine = "#open-incidents article[data-incident='" + incidentId + "']";
    twoTaps(releaser, mine, "Acknowledge…", ".confirm-acknowledge");
    releaser.waitFor(ExpectedConditions.attributeToBe(By.cssSelector(mine), "data-state", "ACKNOWLEDGED"));
    shots.take(releaser.driver, "oncall-acknowledged");
    twoTaps(releaser, mine, "Resolve…", ".confirm-resolve");
    releaser.waitFor(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(mine)));
    assertThat(new HttpApi(port).get("/api/v1/incidents/" + incidentId).body().get("resolvedBy").asString())
        .isEqualTo(releaserName);

    // A support lead's board: a new ticket's countdown to its first-response deadline moves by itself.
    Response ticket = new HttpApi(port).post("/api/v1/tickets", """
        {"title": "Console countdown %s", "requesterEmail": "player@example.com", "priority": "High"}"""
        .formatted(suffix));
    assertThat(ticket.status()).as(ticket.text()).isEqualTo(201);
    String ticketKey = ticket.body().get("ticketKey").asString();
    // The board shows the 50 most urgent first; on this shared server other tests' tickets come before a new one,
    // so the lead asks for more rows, as "Show more" does.
    admin.openLive("/support?shown=1000");
    By countdown = By.cssSelector("tr[data-ticket='" + ticketKey + "'] time.countdown");
    String first = admin.waitFor(d -> d.findElements(countdown).stream().map(WebElement::getText)
        .filter(text -> text.startsWith("in ")).findFirst().orElse(null));
    admin.waitFor(d -> d.findElements(countdown).stream().anyMatch(e -> e.getText().startsWith("in ")
        && !e.getText().equals(first)));
    Accessibility.assertAccessible(admin.driver, "/support with a ticket");
    shots.take(admin.driver, "support-board");

    // An on-call's Now page: a remediation whose runbook has a HIGH-risk step waits there for an approval.
    String runbook = "console-restart-" + suffix;
    Response put = new HttpApi(port).put("/api/v1/runbooks/" + runbook, """
        {"description": "Console tour: restart the game server, with an approval",
         "matchers": ["alertname=\\"ConsoleGameStuck%s\\""], "target": {"kind": "SERVICE", "namespace": "production"},
         "steps": [{"name": "restart", "action": "ROLLOUT_RESTART", "risk": "HIGH"}]}""".formatted(suffix));
    assertThat(put.status()).as(put.text()).isIn(200, 201);
    admin.openLive("/");
    Response stuck = new HttpApi(port, ALERTMANAGER_TOKEN).post("/api/v1/hooks/alertmanager", """
        {"version": "4", "groupKey": "console-stuck-%1$s", "truncatedAlerts": 0, "status": "firing",
         "receiver": "pitcrew", "groupLabels": {}, "commonLabels": {}, "commonAnnotations": {},
         "externalURL": "http://alertmanager.example:9093",
         "alerts": [{"status": "firing", "labels": {"alertname": "ConsoleGameStuck%1$s", "service": "%2$s",
                     "severity": "critical"}, "annotations": {"summary": "console-game stuck"},
                     "startsAt": "2026-11-30T09:00:00Z", "endsAt": "0001-01-01T00:00:00Z",
                     "generatorURL": "http://prometheus.example", "fingerprint": "console-stuck-%1$s"}]}"""
        .formatted(suffix, SERVICE));
    assertThat(stuck.status()).as(stuck.text()).isBetween(200, 202);
    String remediationId = stuck.body().get("alerts").get(0).get("remediationId").asString();
    String waiting = "#remediations-awaiting li:has(a[href='/runs/" + remediationId + "'])";
    // Found and scrolled in one script: a live update may replace the card between a find and a scroll.
    admin.find(waiting);
    ((JavascriptExecutor) admin.driver).executeScript(
        "document.querySelector(arguments[0])?.scrollIntoView({block: 'center'});", waiting);
    Accessibility.assertAccessible(admin.driver, "the Now page with a remediation waiting");
    shots.take(admin.driver, "oncall-remediation-waiting");
    twoTaps(admin, waiting, "Approve…", ".confirm-approve");
    assertThat(admin.outcome()).contains("Approved " + remediationId + " as " + adminName);
    admin.waitFor(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(waiting)));

    // Every other page of the tour, scanned on the phone (narrowest layout) and on the desktop.
    for (String page : List.of("/incidents", "/incidents/" + incidentId, "/runs", "/deployments", "/support",
        "/drills", "/remediation", "/settings", "/logout")) {
      releaser.open(page);
      releaser.find("h1");
      Accessibility.assertAccessible(releaser.driver, page + " on a phone");
    }
    // The Settings pages with every form shown (the admin may use them all).
    for (String page : List.of("/settings/tokens", "/settings/escalation-policies", "/settings/sla-policies",
        "/settings/calendars", "/settings/runbooks", "/settings/roles", "/settings/services")) {
      admin.open(page);
      admin.find("h1");
      Accessibility.assertAccessible(admin.driver, page);
    }
    admin.open("/audit");
    admin.click("#verify-chain");
    assertThat(admin.find("#verification").getText()).contains("The chain holds");
    Accessibility.assertAccessible(admin.driver, "/audit");
    shots.take(admin.driver, "admin-audit");
  }

  /**
   * Waits for the open deployment page to show {@code phase} by itself (a live refresh). If it does not, the failure
   * says which side was behind: the deployment as the API reads it from the workflow, and the page once reloaded.
   */
  private void awaitLivePhase(ConsolePerson person, String phase, java.time.Duration patience) {
    try {
      person.waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("deployment-detail"), phase), patience);
    } catch (org.openqa.selenium.TimeoutException e) {
      Response api = new HttpApi(port).get("/api/v1/deployments/" + DEPLOYMENT);
      person.open("/deployments/" + DEPLOYMENT);
      throw new AssertionError("The deployment page did not show " + phase + " by itself. The API reads "
          + api.status() + " " + api.text() + "; the page once reloaded shows: "
          + person.find("#deployment-detail").getText(), e);
    }
  }

  /** Tap the summary, then the confirmation: again if a live refresh replaced the card between the two taps. */
  private static void twoTaps(ConsolePerson person, String card, String summary, String confirm) {
    for (int attempt = 1; ; attempt++) {
      try {
        WebElement opener = person.waitFor(d -> d.findElement(By.cssSelector(card)).findElements(
            By.cssSelector("details.confirm > summary")).stream().filter(s -> s.getText().equals(summary))
            .findFirst().orElse(null));
        opener.click();
        WebElement button = person.waitFor(ExpectedConditions.elementToBeClickable(
            By.cssSelector(card + " details[open] " + confirm)));
        button.click();
        return;
      } catch (StaleElementReferenceException | org.openqa.selenium.TimeoutException e) {
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  private static int timelineEvents(ConsolePerson person) {
    try {
      return Integer.parseInt(person.driver.findElement(By.id("timeline")).getAttribute("data-events"));
    } catch (StaleElementReferenceException | org.openqa.selenium.NoSuchElementException e) {
      return -1;
    }
  }
}
