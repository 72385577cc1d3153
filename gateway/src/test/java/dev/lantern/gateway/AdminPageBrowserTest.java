package dev.lantern.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.testkit.HeadlessChromium;
import dev.lantern.testkit.Reply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin page (/ui) in a real headless Chromium, as an operator uses it: log in with the master
 * key, create a key, use it from an app, see its spend, see the deployments, block the key.
 */
class AdminPageBrowserTest {
  private static final String MASTER = "sk-master-admin-page";
  /** An alias with markup in it: the page must show it as text. */
  private static final String HOSTILE_ALIAS = "phone<img src=x onerror=\"window.pwned=1\">";
  private GatewayHarness harness;
  private ChromeDriver browser;
  private WebDriverWait wait;

  @BeforeEach
  void start() {
    harness = GatewayHarness.start("""
        model_list:
          - model_name: free
            litellm_params: {model: openai/free-model, api_base: "${free}", input_cost_per_token: 0.001, output_cost_per_token: 0.002}
          - model_name: cheap
            litellm_params: {model: openai/cheap-model, api_base: "${cheap}"}
        router_settings: {num_retries: 0}
        general_settings: {master_key: %s, proxy_batch_write_at: 0.2}
        """.formatted(MASTER));
    browser = HeadlessChromium.start(1280, 1400);
    // The page re-renders its tables on every refresh: an element read mid-render is simply read again.
    wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void anOperatorCreatesAKeySeesItsSpendAndBlocksIt() throws Exception {
    browser.get(harness.gateway.uri() + "/ui");
    browser.findElement(By.id("master-key")).sendKeys("sk-not-the-master");
    browser.findElement(By.id("login-button")).click();
    wait.until(d -> !d.findElement(By.id("login-error")).getText().isEmpty());
    assertThat(browser.findElement(By.id("app")).isDisplayed()).isFalse();

    browser.findElement(By.id("master-key")).clear();
    browser.findElement(By.id("master-key")).sendKeys(MASTER);
    browser.findElement(By.id("login-button")).click();
    wait.until(d -> d.findElement(By.id("app")).isDisplayed());

    browser.findElement(By.id("key-alias")).sendKeys(HOSTILE_ALIAS);
    browser.findElement(By.id("key-models")).sendKeys("free");
    browser.findElement(By.id("key-budget")).sendKeys("1");
    browser.findElement(By.id("key-create")).click();
    wait.until(d -> d.findElement(By.id("new-key")).isDisplayed());
    String key = browser.findElement(By.id("new-key-value")).getText();
    assertThat(key).startsWith("sk-");

    assertThat(harness.send(GatewayHarness.chat("free", false), "Authorization", "Bearer " + key).status())
        .isEqualTo(200);
    assertThat(harness.send(GatewayHarness.chat("cheap", false), "Authorization", "Bearer " + key).status())
        .isEqualTo(401);
    Thread.sleep(500); // one spend batch
    browser.findElement(By.id("refresh")).click();

    wait.until(d -> d.findElement(By.id("spend-keys")).getText().contains("0.016000"));
    String row = read(d -> keyRow().getText());
    assertThat(row).contains(HOSTILE_ALIAS).contains("free").contains("$0.0160").contains("$1.0000");
    assertThat(read(d -> d.findElement(By.id("spend-keys")).getText())).contains(HOSTILE_ALIAS);
    assertThat(read(d -> d.findElement(By.id("spend-models")).getText())).contains("free");
    assertThat(read(d -> String.valueOf(d.findElements(By.cssSelector("#chart rect.bar")).size()))).isEqualTo("1");
    assertThat(read(d -> d.findElement(By.id("deployments")).getText())).contains("openai/free-model")
        .contains("openai/cheap-model").contains("healthy");
    assertThat(((JavascriptExecutor) browser).executeScript("return window.pwned === undefined")).isEqualTo(true);
    assertThat(browser.findElements(By.cssSelector("#keys img"))).isEmpty();
    screenshot("gateway-admin.png");

    wait.until(d -> {
      keyRow().findElement(By.xpath(".//button[text()='Block']")).click();
      return true;
    });
    wait.until(d -> keyRow().getText().contains("blocked"));
    assertThat(harness.send(GatewayHarness.chat("free", false), "Authorization", "Bearer " + key).status())
        .isEqualTo(401);
  }

  @Test
  void aMistakeInTheKeyFormIsShownAndMakesNoKey() throws Exception {
    browser.get(harness.gateway.uri() + "/ui");
    browser.findElement(By.id("master-key")).sendKeys(MASTER);
    browser.findElement(By.id("login-button")).click();
    wait.until(d -> d.findElement(By.id("app")).isDisplayed());

    browser.findElement(By.id("key-budget")).sendKeys("lots");
    browser.findElement(By.id("key-create")).click();

    wait.until(d -> d.findElement(By.id("key-error")).getText().contains("max_budget"));
    assertThat(browser.findElements(By.cssSelector("#keys tr"))).isEmpty();
    assertThat(harness.get("/key/list", "Authorization", "Bearer " + MASTER).body()).contains("\"total_count\":0");
  }

  /** Reads text from the page, again if the page re-rendered it meanwhile. */
  private String read(java.util.function.Function<org.openqa.selenium.WebDriver, String> text) {
    return wait.until(text);
  }

  private WebElement keyRow() {
    List<WebElement> rows = browser.findElements(By.cssSelector("#keys tr"));
    if (rows.size() != 1) {
      // mid-render, or wrong: the waits try again, and time out with this message
      throw new org.openqa.selenium.NoSuchElementException("expected one key row, found " + rows.size());
    }
    return rows.getFirst();
  }

  private void screenshot(String name) throws Exception {
    HeadlessChromium.screenshot(browser, "gateway", name);
  }
}
