package dev.lantern.assistant.messaging.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.assistant.messaging.Inbound;
import dev.lantern.common.json.Json;
import dev.lantern.testkit.JsonArbitraries;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Whatever the gateway sends as a message or an interaction: the decoder never throws, reads a
 * message only when it has a channel and a human author, and never hands the bot's own mention
 * or its own messages to the router.
 */
class DiscordEventsPropertyTest {
  private static final long BOT = 900_000_000_000_000_001L;

  @Property(tries = 500)
  void anyMessageEventIsReadSafely(@ForAll("messages") JsonNode data) {
    Optional<Inbound> message = DiscordEvents.message(data, BOT);

    message.ifPresent(inbound -> {
      assertThat(inbound.platform()).isEqualTo("discord");
      assertThat(inbound.userId()).isNotEqualTo(BOT);
      assertThat(data.path("author").path("bot").asBoolean(false)).isFalse();
      if (inbound.group()) {
        assertThat(inbound.text()).doesNotContain("<@" + BOT + ">");
      }
    });
  }

  @Property(tries = 300)
  void anyInteractionIsReadSafely(@ForAll("interactions") JsonNode data) {
    DiscordEvents.interaction(data).ifPresent(command -> {
      assertThat(command.asMessage().text()).startsWith("/");
      assertThat(command.id()).isNotBlank();
    });
  }

  @Provide
  Arbitrary<JsonNode> messages() {
    Arbitrary<String> ids = Arbitraries.oneOf(Arbitraries.longs().between(0, Long.MAX_VALUE).map(String::valueOf),
        Arbitraries.of(Long.toString(BOT), "", "-1", "99999999999999999999", "abc"));
    Arbitrary<String> texts = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(80),
        Arbitraries.of("<@" + BOT + "> hi", "<@!" + BOT + ">", "hi <@" + BOT + "> there"));
    Arbitrary<JsonNode> wellFormed = net.jqwik.api.Combinators.combine(ids, ids, texts, Arbitraries.of(true, false),
        Arbitraries.of(true, false), Arbitraries.integers().between(-1, 25)).as((channel, author, text, guild, bot, type) -> {
          ObjectNode node = Json.object().put("id", "1").put("channel_id", channel).put("content", text)
              .put("type", type);
          node.putObject("author").put("id", author).put("bot", bot);
          if (guild) {
            node.put("guild_id", "5");
          }
          node.putArray("mentions").addObject().put("id", author);
          return node;
        });
    return Arbitraries.oneOf(wellFormed, JsonArbitraries.json(3));
  }

  @Provide
  Arbitrary<JsonNode> interactions() {
    Arbitrary<JsonNode> wellFormed = net.jqwik.api.Combinators.combine(Arbitraries.strings().ofMaxLength(40),
        Arbitraries.integers().between(0, 5), Arbitraries.strings().ofMaxLength(20)).as((name, type, value) -> {
          ObjectNode node = Json.object().put("id", "7").put("token", "t").put("type", type).put("channel_id", "9");
          node.putObject("user").put("id", "42");
          ObjectNode data = node.putObject("data").put("name", name);
          data.putArray("options").addObject().put("name", "name").put("value", value);
          return node;
        });
    return Arbitraries.oneOf(wellFormed, JsonArbitraries.json(3));
  }
}
