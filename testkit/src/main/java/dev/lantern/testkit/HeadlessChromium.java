package dev.lantern.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's {@code chromium} driven through its {@code chromium-driver}, headless, as every
 * browser test of a page we ship runs it. Sandboxing is off because the tests run as root in CI.
 */
public final class HeadlessChromium {
  private HeadlessChromium() {}

  public static ChromeDriver start(int width, int height) {
    Path chromium = ExternalTool.require("chromium", "apt-get install chromium", "/usr/bin");
    Path driver = ExternalTool.require("chromedriver", "apt-get install chromium-driver", "/usr/bin");
    ChromeOptions options = new ChromeOptions().setBinary(chromium.toString())
        .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--window-size=" + width + "," + height);
    return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).build(), options);
  }

  /** Saves what the browser shows as {@code MODULE/target/screenshots/NAME}, for people to look at. */
  public static Path screenshot(WebDriver browser, String module, String name) throws IOException {
    Path dir = Files.createDirectories(ExternalTool.projectRoot().resolve(module).resolve("target/screenshots"));
    Path file = dir.resolve(name);
    Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    return file;
  }
}
