package dev.lantern.sre;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.testkit.HeadlessChromium;
import dev.lantern.testkit.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The chat page in a real headless Chromium: a question streams its answer with the tool calls
 * folded, the conversation survives a reload, and hostile model text stays text.
 */
class ChatPageBrowserTest {
  /** What a model (or a pod's log it quotes) might send: none of it may run. */
  private static final String HOSTILE = "<script>window.pwned = 1</script> <img src=x onerror=\"window.pwned = 2\">";

  @TempDir
  Path home;
  private SreHarness sre;
  private ChromeDriver browser;

  @BeforeEach
  void start() throws Exception {
    sre = SreHarness.start(home).crashingCheckout();
    browser = HeadlessChromium.start(1280, 900);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (sre != null) {
      sre.close();
    }
  }

  @Test
  void aQuestionStreamsItsAnswerWithFoldedToolCallsAndSurvivesAReload() throws Exception {
    sre.model.script(SreHarness.MODEL,
        Reply.toolCall("mcp_kubernetes_pods_log", "{\"namespace\":\"demo\",\"name\":\"crashy\",\"previous\":true}"),
        Reply.stream("**Root cause:** checkout ", "exits with code 1.\n\n", "Log quote: " + HOSTILE + "\n\n",
            "```\nkubectl -n demo logs checkout-5f7-0 --previous\n```\n"));
    browser.get(sre.server.uri() + "/");
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));

    browser.findElement(By.id("ask")).sendKeys("why is checkout crashing?");
    browser.findElement(By.id("send")).click();
    wait.until(d -> d.findElement(By.id("send")).isEnabled()
        && d.findElement(By.cssSelector(".msg.answer .body")).getText().contains("kubectl -n demo logs"));

    WebElement answer = browser.findElement(By.cssSelector(".msg.answer"));
    assertThat(answer.findElement(By.cssSelector(".body strong")).getText()).isEqualTo("Root cause:");
    assertThat(answer.findElement(By.cssSelector(".body pre")).getText())
        .isEqualTo("kubectl -n demo logs checkout-5f7-0 --previous");
    assertThat(answer.getText()).contains("<script>window.pwned = 1</script>").contains("onerror");
    assertThat(((JavascriptExecutor) browser).executeScript("return window.pwned === undefined")).isEqualTo(true);
    assertThat(answer.findElements(By.tagName("img"))).isEmpty();
    assertThat(answer.findElements(By.tagName("script"))).isEmpty();
    List<WebElement> tools = answer.findElements(By.cssSelector("details.tool"));
    assertThat(tools).hasSize(2);
    assertThat(tools.get(0).getText()).contains("mcp_kubernetes_cluster_diagnose");
    assertThat(tools.get(1).getText()).contains("mcp_kubernetes_pods_log");
    assertThat(tools.get(1).getAttribute("open")).as("folded until clicked").isNull();
    tools.get(0).findElement(By.tagName("summary")).click();
    assertThat(tools.get(0).findElement(By.tagName("pre")).getText()).contains("CrashLoopBackOff");
    wait.until(d -> d.findElement(By.id("findings")).getText().contains("WorkloadUnavailable Deployment demo/checkout"));
    screenshot("sre-chat.png");

    browser.navigate().refresh();
    wait.until(d -> d.findElements(By.cssSelector(".msg.user")).size() == 1);
    assertThat(browser.findElement(By.cssSelector(".msg.user")).getText()).isEqualTo("why is checkout crashing?");
    assertThat(browser.findElement(By.cssSelector(".msg.answer")).getText()).contains("exits with code 1");
    assertThat(((JavascriptExecutor) browser).executeScript("return window.pwned === undefined")).isEqualTo(true);

    sre.model.script(SreHarness.MODEL, Reply.text("It started after the 2.1 rollout."));
    browser.findElement(By.id("ask")).sendKeys("since when?");
    browser.findElement(By.id("send")).click();
    wait.until(d -> d.findElements(By.cssSelector(".msg.answer")).size() == 2
        && d.findElements(By.cssSelector(".msg.answer")).get(1).getText().contains("2.1 rollout"));
    String followUp = sre.model.received(SreHarness.MODEL).getLast().body().path("messages").toString();
    assertThat(followUp).as("the reload kept the conversation for the model too")
        .contains("why is checkout crashing?", "since when?");
  }

  @Test
  void thePageFitsAPhoneScreen() throws Exception {
    browser.manage().window().setSize(new Dimension(390, 844));
    browser.get(sre.server.uri() + "/");
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(d -> !d.findElement(By.id("findings")).getText().equals("Loading…"));

    Object overflow = ((JavascriptExecutor) browser).executeScript(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
    assertThat(((Number) overflow).intValue()).as("no sideways scrolling").isLessThanOrEqualTo(0);
    assertThat(browser.findElement(By.id("send")).isDisplayed()).isTrue();
    screenshot("sre-chat-phone.png");
  }

  private void screenshot(String name) throws Exception {
    HeadlessChromium.screenshot(browser, "sre", name);
  }
}
