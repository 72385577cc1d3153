package dev.lantern.assistant.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lantern.assistant.Assistant;
import dev.lantern.assistant.home.AssistantConfig;
import dev.lantern.assistant.home.LanternHome;
import dev.lantern.testkit.FakeOpenAi;
import dev.lantern.testkit.Reply;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The router on its own, with an outbox that records what it would send. */
class MessageRouterTest {
  @TempDir
  Path dir;

  @Test
  void idleConversationsLeaveMemoryAndResumeFromTheStore() throws Exception {
    try (FakeOpenAi model = FakeOpenAi.start()) {
      LanternHome home = new LanternHome(dir).prepare();
      Files.writeString(home.config(), "mcp_servers: {}\nmemory: {memory_enabled: false, user_profile_enabled: false}\n");
      AssistantConfig config = AssistantConfig.load(home.config(), Map.of("OPENAI_API_BASE", model.baseUrl("m"),
          "LANTERN_MODEL", "m"));
      List<String> sent = new CopyOnWriteArrayList<>();
      Outbox outbox = new Outbox() {
        @Override
        public boolean send(long chatId, String text) {
          return sent.add(chatId + ": " + text);
        }

        @Override
        public void typing(long chatId) { }
      };
      try (Assistant assistant = Assistant.open(home, config, Duration.ofSeconds(1));
          MessageRouter router = new MessageRouter(assistant, List.of(new Platform("telegram",
              AccessPolicy.of("telegram", List.of(), List.of(), true, null, false), outbox)), assistant.pairing(),
              new MessagingMetrics(new PrometheusRegistry()), chat -> List.of())) {
        model.script("m", Reply.text("first answer"), Reply.text("second answer"));
        router.accept(new Inbound("telegram", 7, 7, "my cluster is called orion", Inbound.Kind.TEXT, false, true),
            "offset", "1");
        await().atMost(Duration.ofSeconds(20)).until(() -> sent.contains("7: first answer"));
        await().atMost(Duration.ofSeconds(20)).until(() -> !router.busy());

        assertThat(router.evictIdle(Instant.now().minusSeconds(60))).as("not idle long enough").isZero();
        assertThat(router.evictIdle(Instant.now().plusSeconds(1))).isEqualTo(1);
        assertThat(router.conversationsInMemory()).isZero();

        router.accept(new Inbound("telegram", 7, 7, "what is it called?", Inbound.Kind.TEXT, false, true),
            "offset", "2");
        await().atMost(Duration.ofSeconds(20)).until(() -> sent.contains("7: second answer"));
        String history = model.received("m").get(1).body().path("messages").toString();
        assertThat(history).as("resumed from state.db").contains("my cluster is called orion", "first answer");
      }
    }
  }
}
