package dev.pitcrew.api.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The guided tour's screenshots (docs/console.md): taken by the browser tests at the moments the tour describes,
 * written to docs/console/ only when {@code -Dpitcrew.writeScreenshots=true}, so the build regenerates them with
 * one command and an ordinary test run leaves the work tree alone.
 */
final class Screenshots {
  static final Path DIRECTORY = Path.of(System.getProperty("pitcrew.screenshotDir", "../docs/console"));
  private final boolean write = Boolean.getBoolean("pitcrew.writeScreenshots");

  void take(ChromeDriver driver, String name) {
    if (!write) {
      return;
    }
    try {
      Files.createDirectories(DIRECTORY);
      Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
      Files.move(shot, DIRECTORY.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
