package dev.lantern.assistant.messaging;

/**
 * A message from a messaging platform, reduced to what the router needs.
 *
 * @param platform "telegram"
 * @param chatId where to answer
 * @param userId who wrote it (the access check is on this)
 * @param text the text, or the caption; empty for media without one
 * @param kind what it is; only TEXT gets an agent turn
 * @param group true in group chats, where the bot answers only when mentioned
 * @param mentioned true when the bot was mentioned or replied to
 * @param userName the sender's handle or name as the platform shows it, for the owner's pairing
 *     list; may be null
 */
public record Inbound(String platform, long chatId, long userId, String text, Kind kind, boolean group,
    boolean mentioned, String userName) {
  public Inbound(String platform, long chatId, long userId, String text, Kind kind, boolean group, boolean mentioned) {
    this(platform, chatId, userId, text, kind, group, mentioned, null);
  }

  /** The kinds of message, for the "not supported yet" answers. */
  public enum Kind { TEXT, VOICE, PHOTO, DOCUMENT, OTHER }

  /** The session source: one conversation per platform, chat and user. */
  public String chatKey() {
    return platform + ":" + chatId + ":" + userId;
  }
}
