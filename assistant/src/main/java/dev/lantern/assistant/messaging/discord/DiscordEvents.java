package dev.lantern.assistant.messaging.discord;

import dev.lantern.assistant.messaging.Inbound;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads the two gateway events the assistant acts on into what the router needs. Anything that
 * does not have the fields Discord documents (a snowflake id, an author, a channel) is no event
 * at all: it is skipped, never a failure.
 */
final class DiscordEvents {
  private static final Pattern SNOWFLAKE = Pattern.compile("\\d{1,19}");

  private DiscordEvents() {}

  /** A slash command: answered through its interaction, not in the channel. */
  record SlashCommand(String id, String token, Inbound asMessage) {}

  /**
   * A MESSAGE_CREATE as an inbound message; empty for bots (ourselves included), system messages
   * and malformed events. In a guild it counts as addressed to the bot only when it mentions it or
   * replies to it, and the mention is taken out of the text.
   */
  static Optional<Inbound> message(JsonNode data, long botId) {
    JsonNode author = data.path("author");
    Optional<Long> channel = snowflake(data.path("channel_id"));
    Optional<Long> user = snowflake(author.path("id"));
    if (channel.isEmpty() || user.isEmpty() || user.get() == botId || author.path("bot").asBoolean(false)
        || data.path("type").asInt(0) > 0 && data.path("type").asInt(0) != 19) {
      return Optional.empty(); // 19 is a reply; other non-zero types are joins, pins, boosts
    }
    boolean guild = !data.path("guild_id").isMissingNode() && !data.path("guild_id").isNull();
    String text = data.path("content").isString() ? data.path("content").asString() : "";
    String mention = "<@" + Long.toUnsignedString(botId) + ">";
    String nickMention = "<@!" + Long.toUnsignedString(botId) + ">";
    boolean mentioned = !guild || text.contains(mention) || text.contains(nickMention) || mentions(data, botId)
        || snowflake(data.path("referenced_message").path("author").path("id")).map(id -> id == botId).orElse(false);
    if (guild) {
      text = text.replace(mention, "").replace(nickMention, "").strip();
    }
    boolean attachments = data.path("attachments").isArray() && !data.path("attachments").isEmpty();
    Inbound.Kind kind = !text.isBlank() || !attachments ? Inbound.Kind.TEXT : Inbound.Kind.DOCUMENT;
    return Optional.of(new Inbound("discord", channel.get(), user.get(), text, kind, guild, mentioned,
        name(author)));
  }

  /** An INTERACTION_CREATE that is a slash command, as the command text ("/model gpt-x"). */
  static Optional<SlashCommand> interaction(JsonNode data) {
    if (data.path("type").asInt(0) != 2 || !data.path("id").isString() || !data.path("token").isString()) {
      return Optional.empty();
    }
    JsonNode author = data.path("member").path("user").isObject() ? data.path("member").path("user")
        : data.path("user");
    Optional<Long> channel = snowflake(data.path("channel_id"));
    Optional<Long> user = snowflake(author.path("id"));
    String name = data.path("data").path("name").asString("");
    if (channel.isEmpty() || user.isEmpty() || !name.matches("[a-z0-9_-]{1,32}")) {
      return Optional.empty();
    }
    StringBuilder text = new StringBuilder("/").append(name);
    for (JsonNode option : data.path("data").path("options")) {
      if (option.path("value").isValueNode()) {
        text.append(' ').append(option.path("value").asString());
      }
    }
    boolean guild = !data.path("guild_id").isMissingNode() && !data.path("guild_id").isNull();
    Inbound message = new Inbound("discord", channel.get(), user.get(), text.toString(), Inbound.Kind.TEXT, guild,
        true, name(author));
    return Optional.of(new SlashCommand(data.path("id").asString(), data.path("token").asString(), message));
  }

  private static boolean mentions(JsonNode data, long botId) {
    for (JsonNode user : data.path("mentions")) {
      if (snowflake(user.path("id")).map(id -> id == botId).orElse(false)) {
        return true;
      }
    }
    return false;
  }

  private static String name(JsonNode author) {
    String name = author.path("username").isString() ? author.path("username").asString() : null;
    return name == null ? null : name.length() > 64 ? name.substring(0, 64) : name;
  }

  /** Discord sends ids as strings of digits; anything else is not an id. */
  static Optional<Long> snowflake(JsonNode node) {
    String text = node.isString() ? node.asString() : node.isIntegralNumber() ? node.asString() : "";
    if (!SNOWFLAKE.matcher(text).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(text));
    } catch (NumberFormatException tooLarge) {
      return Optional.empty();
    }
  }
}
