package dev.lantern.assistant.api;

import dev.lantern.agent.llm.Message;
import dev.lantern.common.http.BadRequest;
import dev.lantern.common.http.JsonBodies;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A {@code POST /v1/chat/completions} body as the assistant reads it. The last message is the
 * user's new input; the messages before it are the conversation so far (used when the client keeps
 * the history, ignored when the server does); system and developer messages become the client's
 * instructions, layered on the assistant's own prompt. Fields that steer a plain model
 * ({@code temperature}, {@code tools}, {@code model}, …) are ignored: the assistant runs its own
 * loop with its own tools.
 *
 * @param earlier      user and assistant messages before the input, in order
 * @param instructions the client's system messages joined, or null
 * @param input        the user's new message
 * @param user         OpenAI's end-user id, or null
 */
record ChatRequest(List<Message> earlier, String instructions, String input, boolean stream, boolean includeUsage,
    String user) {
  static final int MAX_MESSAGES = 1_000;
  static final int MAX_INPUT_CHARS = 100_000;
  static final int MAX_TOTAL_CHARS = 2_000_000;
  private static final int MAX_USER_CHARS = 256;

  static ChatRequest parse(JsonNode body) throws BadRequest {
    JsonNode messages = body.path("messages");
    if (!messages.isArray() || messages.isEmpty()) {
      throw new BadRequest(400, "'messages' must be a non-empty array of {role, content}, the last one from the user");
    }
    if (messages.size() > MAX_MESSAGES) {
      throw new BadRequest(400, "'messages' has " + messages.size() + " entries; at most " + MAX_MESSAGES
          + " are accepted (send the session header and only the new message instead)");
    }
    List<Message> earlier = new ArrayList<>();
    List<String> instructions = new ArrayList<>();
    long total = 0;
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      String where = "messages[" + i + "]";
      if (!message.isObject()) {
        throw new BadRequest(400, where + " must be an object with 'role' and 'content'");
      }
      String role = message.path("role").isString() ? message.path("role").asString() : null;
      String content = content(message.path("content"), where);
      total += content.length();
      if (total > MAX_TOTAL_CHARS) {
        throw new BadRequest(413, "the messages hold more than " + MAX_TOTAL_CHARS + " characters");
      }
      switch (role == null ? "" : role) {
        case "system", "developer" -> instructions.add(content);
        case "user" -> earlier.add(Message.user(content));
        case "assistant" -> earlier.add(Message.assistant(content));
        case "tool", "function" -> throw new BadRequest(400, where + ": '" + role + "' messages are not accepted; the"
            + " assistant runs its own tools and does not call the client's");
        default -> throw new BadRequest(400, where + ".role must be system, developer, user or assistant");
      }
    }
    if (earlier.isEmpty() || !"user".equals(messages.get(messages.size() - 1).path("role").asString(""))) {
      throw new BadRequest(400, "the last message must be the user's (role 'user'): it is what the assistant answers");
    }
    String input = earlier.removeLast().content();
    if (input.isBlank()) {
      throw new BadRequest(400, "the last user message is empty");
    }
    if (input.length() > MAX_INPUT_CHARS) {
      throw new BadRequest(413, "the last user message is longer than " + MAX_INPUT_CHARS + " characters");
    }
    return new ChatRequest(List.copyOf(earlier), instructions.isEmpty() ? null : String.join("\n\n", instructions),
        input, JsonBodies.optionalBool(body, "stream"),
        JsonBodies.optionalBool(body.path("stream_options"), "include_usage"), user(body));
  }

  /** A string, or OpenAI's array of parts of which only text is taken; images are refused, not dropped. */
  private static String content(JsonNode content, String where) throws BadRequest {
    if (content.isString()) {
      return content.asString();
    }
    if (content.isNull() || content.isMissingNode()) {
      return "";
    }
    if (!content.isArray()) {
      throw new BadRequest(400, where + ".content must be a string or an array of text parts");
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode part : content) {
      String type = part.path("type").asString("");
      if (type.equals("text") && part.path("text").isString()) {
        text.append(text.isEmpty() ? "" : "\n").append(part.path("text").asString());
      } else if (type.equals("image_url") || type.equals("input_image") || type.equals("file")
          || type.equals("input_file")) {
        throw new BadRequest(400, where + ": " + type + " parts are not supported (unsupported_content_type); send"
            + " text only");
      } else {
        throw new BadRequest(400, where + ".content parts must be {\"type\": \"text\", \"text\": \"...\"}");
      }
    }
    return text.toString();
  }

  private static String user(JsonNode body) throws BadRequest {
    String user = JsonBodies.optionalString(body, "user", MAX_USER_CHARS);
    if (user != null && user.isBlank()) {
      throw new BadRequest(400, "'user' must not be blank");
    }
    return user;
  }
}
