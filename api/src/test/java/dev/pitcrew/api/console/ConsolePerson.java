package dev.pitcrew.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitcrew.api.security.accounts.Totp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A person at the console in a browser of their own: signs in with password and TOTP, clicks, waits. */
final class ConsolePerson implements AutoCloseable {
  /** Long enough for a busy 2-core machine; every wait is on a condition, never a sleep. */
  static final Duration PATIENCE = Duration.ofSeconds(120);

  final ChromeDriver driver;
  final String base;
  final String username;

  ConsolePerson(ChromeDriver driver, String base, String username) {
    this.driver = driver;
    this.base = base;
    this.username = username;
  }

  /** First sign-in of an account: password, then enrolment (the code computed from the key the page shows). */
  List<String> signInAndEnrol(String password, Screenshots shots, String prefix) {
    open("/");
    waitFor(ExpectedConditions.urlContains("/login"));
    shots.take(driver, prefix + "-sign-in");
    driver.findElement(By.id("username")).sendKeys(username);
    driver.findElement(By.id("password")).sendKeys(password);
    driver.findElement(By.cssSelector("form button[type=submit]")).click();
    waitFor(ExpectedConditions.urlContains("/mfa/enrol"));
    String secret = driver.findElement(By.id("totp-secret")).getText();
    assertThat(driver.findElement(By.cssSelector("img[alt='TOTP enrolment QR code']")).getAttribute("src"))
        .startsWith("data:image/png;base64,");
    Accessibility.assertAccessible(driver, "the TOTP enrolment page");
    shots.take(driver, prefix + "-enrol-totp");
    driver.findElement(By.id("code")).sendKeys(Totp.code(secret, Totp.step(Instant.now())));
    driver.findElement(By.cssSelector("form button[type=submit]")).click();
    waitFor(ExpectedConditions.presenceOfElementLocated(By.id("recovery-codes")));
    Accessibility.assertAccessible(driver, "the recovery codes page");
    List<String> codes = driver.findElements(By.cssSelector("#recovery-codes code")).stream()
        .map(WebElement::getText).toList();
    driver.findElement(By.id("continue")).click();
    waitFor(ExpectedConditions.textToBe(By.id("whoami"), username));
    waitLive();
    return codes;
  }

  void open(String path) {
    driver.get(base + path);
  }

  /** Opens a page and waits for its live stream, so what changes next reaches it without a reload. */
  void openLive(String path) {
    open(path);
    waitLive();
  }

  void waitLive() {
    waitFor(ExpectedConditions.attributeToBe(By.tagName("body"), "data-live", "on"));
  }

  WebElement find(String css) {
    return waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  void click(String css) {
    waitFor(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
  }

  <T> T waitFor(org.openqa.selenium.support.ui.ExpectedCondition<T> condition) {
    return waitFor(condition, PATIENCE);
  }

  /**
   * Live fragments are swapped whenever their topic changes, on a shared server many times a second: an element
   * read while its fragment is replaced is stale, which only means "look again".
   */
  <T> T waitFor(org.openqa.selenium.support.ui.ExpectedCondition<T> condition, Duration patience) {
    return new WebDriverWait(driver, patience).ignoring(StaleElementReferenceException.class).until(condition);
  }

  /** The text the last console action answered with (its outcome, or the refusal's reason). */
  String outcome() {
    return waitFor(d -> {
      String text = d.findElement(By.id("outcome")).getText();
      return text.isBlank() ? null : text;
    });
  }

  @Override
  public void close() {
    driver.quit();
  }
}
