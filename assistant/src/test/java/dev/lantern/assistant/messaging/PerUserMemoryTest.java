package dev.lantern.assistant.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lantern.assistant.Assistant;
import dev.lantern.assistant.home.AssistantConfig;
import dev.lantern.assistant.home.LanternHome;
import dev.lantern.assistant.memory.MemoryStore;
import dev.lantern.assistant.serve.AssistantServer;
import dev.lantern.testkit.FakeOpenAi;
import dev.lantern.testkit.FakeTelegram;
import dev.lantern.testkit.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Two people on one assistant (memory.scope: user, the default with two allowed users): what one
 * tells it never reaches the other, not through the prompt's memory, the memory tool or session
 * search; skills stay shared.
 */
class PerUserMemoryTest {
  private static final long ADA = 42;
  private static final long BOB = 43;
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  Path dir;
  private FakeOpenAi model;
  private FakeTelegram telegram;
  private Assistant assistant;
  private AssistantServer server;

  @BeforeEach
  void start() throws Exception {
    model = FakeOpenAi.start();
    telegram = FakeTelegram.start();
    LanternHome home = new LanternHome(dir.resolve("home")).prepare();
    Files.writeString(home.config(), "memory:\n  nudge_interval: 0\nskills:\n  creation_nudge_interval: 0\n"
        + "mcp_servers: {}\n");
    Files.createDirectories(home.skills().resolve("ops/restart-pod"));
    Files.writeString(home.skills().resolve("ops/restart-pod/SKILL.md"),
        "---\nname: restart-pod\ndescription: Restart a pod safely\n---\nDelete it; its controller recreates it.\n");
    assistant = Assistant.open(home, AssistantConfig.load(home.config(), Map.of("OPENAI_API_BASE", model.baseUrl("m"),
        "LANTERN_MODEL", "m", "TELEGRAM_BOT_TOKEN", FakeTelegram.TOKEN, "TELEGRAM_API_URL", telegram.apiUrl(),
        "TELEGRAM_ALLOWED_USERS", ADA + "," + BOB)), Duration.ofSeconds(1));
    server = AssistantServer.start(assistant, "127.0.0.1", 0, Duration.ofSeconds(10));
  }

  @AfterEach
  void stop() {
    server.close();
    assistant.close();
    telegram.close();
    model.close();
  }

  @Test
  void neitherUserCanReadTheOthersMemoryOrSessionsThroughAnyTool() throws Exception {
    assertThat(assistant.config().memory().perUser()).as("two allowed users: per-user by default").isTrue();
    assertThat(assistant.userOf("discord:600:43")).isEqualTo("discord-43");
    assertThat(assistant.userOf("telegram:-100:42")).isEqualTo("telegram-42");
    assertThat(assistant.userOf("cli")).isEqualTo(Assistant.OWNER);
    assertThat(assistant.userOf("something:new")).as("an unknown source is nobody's but its own").startsWith("other-");
    model.script("m", Reply.toolCall("memory", "{\"action\":\"add\",\"target\":\"user\",\"content\":\"Ada's project"
        + " is called Orion\"}"), Reply.text("Noted."));
    telegram.userSays(ADA, "my secret project is called Orion");
    await().atMost(WAIT).until(() -> telegram.sentTo(ADA).contains("Noted."));

    model.script("m", Reply.toolCall("session_search", "{\"query\":\"Orion\"}"), Reply.text("I know nothing of it."));
    telegram.userSays(BOB, "what is Orion?");
    await().atMost(WAIT).until(() -> telegram.sentTo(BOB).contains("I know nothing of it."));

    JsonNode bobsTurn = model.received("m").get(2).body().path("messages");
    String bobsPrompt = bobsTurn.get(0).path("content").asString();
    assertThat(bobsPrompt).as("Bob's memory snapshot").doesNotContain("Orion").contains("restart-pod");
    JsonNode bobsSearch = model.received("m").get(3).body().path("messages");
    assertThat(bobsSearch.get(bobsSearch.size() - 1).path("content").asString())
        .as("Bob's session_search sees none of Ada's sessions").contains("no past conversation mentions")
        .doesNotContain("secret project");
    assertThat(model.received("m").get(0).body().path("messages").get(0).path("content").asString())
        .as("Ada's prompt has the shared skill too").contains("restart-pod");

    assertThat(assistant.memoryFor("telegram-42").entries(MemoryStore.Target.USER))
        .containsExactly("Ada's project is called Orion");
    assertThat(assistant.memoryFor("telegram-43").entries(MemoryStore.Target.USER)).isEmpty();
    assertThat(assistant.memory().entries(MemoryStore.Target.USER)).as("the owner's files are untouched").isEmpty();
    assertThat(assistant.sessions().search("Orion", 10, null, "telegram-42")).as("Ada finds her own").isNotEmpty();
    assertThat(assistant.sessions().search("Orion", 10, null, "telegram-43")).as("Bob finds only his own question")
        .isNotEmpty().allSatisfy(hit -> assertThat(hit.sessionTitle()).isEqualTo("what is Orion?"));
  }

  @Test
  void withGlobalScopeEveryoneSharesOneMemoryAsBefore() throws Exception {
    server.close();
    assistant.close();
    Path config = dir.resolve("home/config.yaml");
    Files.writeString(config, "memory:\n  nudge_interval: 0\n  scope: global\nskills:\n  creation_nudge_interval: 0\n"
        + "mcp_servers: {}\n");
    assistant = Assistant.open(new LanternHome(dir.resolve("home")).prepare(), AssistantConfig.load(config,
        Map.of("OPENAI_API_BASE", model.baseUrl("m"), "LANTERN_MODEL", "m", "TELEGRAM_BOT_TOKEN", FakeTelegram.TOKEN,
            "TELEGRAM_API_URL", telegram.apiUrl(), "TELEGRAM_ALLOWED_USERS", ADA + "," + BOB)), Duration.ofSeconds(1));
    server = AssistantServer.start(assistant, "127.0.0.1", 0, Duration.ofSeconds(10));
    model.script("m", Reply.toolCall("memory", "{\"action\":\"add\",\"target\":\"memory\",\"content\":\"The NAS is"
        + " at 10.0.0.9\"}"), Reply.text("Noted."));

    telegram.userSays(ADA, "the NAS is at 10.0.0.9");
    await().atMost(WAIT).until(() -> telegram.sentTo(ADA).contains("Noted."));

    assertThat(assistant.userOf("telegram:" + BOB + ":" + BOB)).isNull();
    assertThat(assistant.memory().entries(MemoryStore.Target.MEMORY)).containsExactly("The NAS is at 10.0.0.9");
  }
}
