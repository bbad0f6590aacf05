package dev.pitcrew.api.console;

import java.io.File;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Debian {@code chromium} driven through Debian's {@code chromium-driver} (both in
 * infra/test-tools/debian-packages, installed by {@code ./pitcrew test}). Never Selenium Manager: nothing is
 * downloaded. Missing binaries fail the test with the package to install; they never skip it.
 */
final class Chromium {
  static final File BROWSER = new File(System.getProperty("pitcrew.chromium", "/usr/bin/chromium"));
  static final File DRIVER = new File(System.getProperty("pitcrew.chromedriver", "/usr/bin/chromedriver"));
  static final Dimension DESKTOP = new Dimension(1280, 900);
  static final Dimension PHONE = new Dimension(390, 844);

  private Chromium() {}

  static ChromeDriver start(Dimension size) {
    if (!BROWSER.canExecute() || !DRIVER.canExecute()) {
      throw new AssertionError("The console's browser tests need Debian's chromium and chromium-driver ("
          + BROWSER + ", " + DRIVER + "): apt-get install chromium chromium-driver, or run ./pitcrew test, which "
          + "installs infra/test-tools/debian-packages");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--no-first-run", "--disable-extensions", "--hide-scrollbars", "--force-device-scale-factor=1",
        "--window-size=" + size.width + "," + size.height);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER)
        .usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    // Chrome keeps a window at least 500 px wide; the page's viewport is set exactly, as a phone's would be.
    driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", size.width,
        "height", size.height, "deviceScaleFactor", 1, "mobile", size.width < 600));
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    return driver;
  }
}
