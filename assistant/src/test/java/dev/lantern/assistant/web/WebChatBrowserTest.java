package dev.lantern.assistant.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.agent.llm.Message;
import dev.lantern.assistant.Assistant;
import dev.lantern.assistant.serve.ServedAssistant;
import dev.lantern.testkit.FakeOpenAi;
import dev.lantern.testkit.HeadlessChromium;
import dev.lantern.testkit.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web chat at {@code /} in a real headless Chromium, as its owner uses it: sign in with the
 * API key, ask, watch the answer stream with the tool calls folded, find the conversation again in
 * the list and in search, read the memory, reload and carry on. Model text with markup in it must
 * stay text.
 */
class WebChatBrowserTest {
  private static final String KEY = "web-chat-key-for-tests-91c2";
  /** What a model (or a web page it quotes) might send: none of it may run. */
  private static final String HOSTILE = "<script>window.pwned = 1</script> <img src=x onerror=\"window.pwned = 2\">"
      + " [click](javascript:window.pwned=3)";

  @TempDir
  Path dir;
  private FakeOpenAi model;
  private Assistant assistant;
  private ServedAssistant served;
  private ChromeDriver browser;
  private WebDriverWait wait;

  @BeforeEach
  void start() throws Exception {
    model = FakeOpenAi.start();
    served = ServedAssistant.start(dir, model, Map.of("API_SERVER_ENABLED", "true", "API_SERVER_KEY", KEY));
    assistant = served.assistant();
    browser = HeadlessChromium.start(1280, 900);
    wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.ignoring(StaleElementReferenceException.class); // lists re-render after every turn
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    served.close();
    model.close();
  }

  @Test
  void theOwnerSignsInAsksSeesToolsFoldedFindsTheChatAgainAndCarriesOnAfterAReload() throws Exception {
    browser.get(served.uri() + "/");
    signIn("wrong-" + KEY);
    wait.until(d -> d.findElement(By.id("login-error")).getText().contains("refused"));
    assertThat(browser.findElement(By.id("app")).isDisplayed()).isFalse();
    signIn(KEY);
    wait.until(d -> d.findElement(By.id("sessions")).getText().contains("No conversations yet."));

    model.script("m", Reply.toolCall("memory", "{\"action\":\"add\",\"target\":\"memory\",\"content\":\"The NAS is at 10.0.0.9\"}"),
        Reply.stream("**Saved.** I will ", "remember the NAS.\n\n", HOSTILE + "\n\n", "```\nping 10.0.0.9\n```\n"));
    ask("Remember that the NAS is at 10.0.0.9", "ping 10.0.0.9");

    WebElement answer = browser.findElement(By.cssSelector(".msg.answer"));
    assertThat(answer.findElement(By.cssSelector(".body strong")).getText()).isEqualTo("Saved.");
    assertThat(answer.findElement(By.cssSelector(".body pre")).getText()).isEqualTo("ping 10.0.0.9");
    assertThat(answer.getText()).contains("<script>window.pwned = 1</script>").contains("onerror");
    assertThat(answer.findElements(By.tagName("img"))).isEmpty();
    assertThat(answer.findElements(By.tagName("script"))).isEmpty();
    assertThat(answer.findElements(By.tagName("a"))).as("a javascript: link stays text").isEmpty();
    assertNothingRan();
    WebElement tool = answer.findElement(By.cssSelector("details.tool"));
    assertThat(tool.getText()).contains("tool: memory");
    assertThat(tool.getAttribute("open")).as("folded until clicked").isNull();
    tool.findElement(By.tagName("summary")).click();
    assertThat(tool.findElement(By.tagName("pre")).getText()).contains("saved to MEMORY.md");

    wait.until(d -> d.findElement(By.id("sessions")).getText().contains("Remember that the NAS is at 10.0.0.9"));
    browser.findElement(By.id("show-memory")).click();
    wait.until(d -> d.findElement(By.id("memory")).getText().contains("The NAS is at 10.0.0.9"));
    browser.findElement(By.id("search")).sendKeys("NAS");
    browser.findElement(By.id("search-button")).click();
    wait.until(d -> !d.findElements(By.cssSelector("#hits mark")).isEmpty());
    assertThat(browser.findElement(By.cssSelector("#hits mark")).getText()).isEqualTo("NAS");
    HeadlessChromium.screenshot(browser, "assistant", "web-chat.png");

    browser.navigate().refresh();
    wait.until(d -> d.findElements(By.cssSelector(".msg.user")).size() == 1
        && d.findElement(By.cssSelector(".msg.answer")).getText().contains("remember the NAS"));
    assertThat(browser.findElement(By.cssSelector(".msg.answer details.tool")).getText()).contains("tool: memory");
    assertNothingRan();

    model.script("m", Reply.text("It is at 10.0.0.9."));
    ask("Where is the NAS?", "It is at 10.0.0.9.");
    assertThat(browser.findElements(By.cssSelector(".msg.answer")).get(1).getText()).contains("It is at 10.0.0.9.");
    String followUp = model.received("m").getLast().body().path("messages").toString();
    assertThat(followUp).as("the reloaded page carried on the same conversation on the server")
        .contains("Remember that the NAS is at 10.0.0.9", "Where is the NAS?");
    assertThat(browser.findElements(By.cssSelector("#sessions button"))).as("still one conversation").hasSize(1);
  }

  @Test
  void aTelegramChatIsReadHereAndWritingStartsANewWebChat() throws Exception {
    String telegram = assistant.sessions().startSession("telegram:42", "m");
    assistant.sessions().appendTurn(telegram, List.of(Message.user("is the backup done?"),
        Message.assistant("Yes, at 03:00.")));
    browser.get(served.uri() + "/");
    signIn(KEY);
    wait.until(d -> d.findElement(By.id("sessions")).getText().contains("is the backup done?"));

    browser.findElement(By.cssSelector("#sessions button")).click();
    wait.until(d -> d.findElement(By.id("banner")).getText().contains("from telegram:42"));
    assertThat(browser.findElement(By.cssSelector(".msg.answer")).getText()).contains("Yes, at 03:00.");

    model.script("m", Reply.text("A new chat."));
    ask("hello from the web", "A new chat.");
    wait.until(d -> d.findElements(By.cssSelector("#sessions button")).size() == 2);
    assertThat(browser.findElements(By.cssSelector(".msg.user"))).hasSize(1);
    String sent = model.received("m").getLast().body().path("messages").toString();
    assertThat(sent).as("the Telegram chat was not carried into the web chat").doesNotContain("is the backup done?");
  }

  @Test
  void thePageFitsAPhoneScreen() throws Exception {
    browser.manage().window().setSize(new Dimension(390, 844));
    browser.get(served.uri() + "/");
    signIn(KEY);
    wait.until(d -> d.findElement(By.id("sessions")).getText().contains("No conversations yet."));

    Object overflow = ((JavascriptExecutor) browser).executeScript(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
    assertThat(((Number) overflow).intValue()).as("no sideways scrolling").isLessThanOrEqualTo(0);
    assertThat(browser.findElement(By.id("send")).isDisplayed()).isTrue();
    HeadlessChromium.screenshot(browser, "assistant", "web-chat-phone.png");
  }

  private void signIn(String key) {
    WebElement field = browser.findElement(By.id("key"));
    field.clear();
    field.sendKeys(key);
    browser.findElement(By.id("sign-in")).click();
  }

  /** Sends a message and waits until its answer, ending with {@code lastWords}, has finished streaming. */
  private void ask(String text, String lastWords) {
    browser.findElement(By.id("message")).sendKeys(text);
    browser.findElement(By.id("send")).click();
    wait.until(d -> d.findElement(By.id("send")).isEnabled()
        && d.findElements(By.cssSelector(".msg.answer")).getLast().getText().endsWith(lastWords));
  }

  private void assertNothingRan() {
    assertThat(((JavascriptExecutor) browser).executeScript("return window.pwned === undefined")).isEqualTo(true);
  }
}
