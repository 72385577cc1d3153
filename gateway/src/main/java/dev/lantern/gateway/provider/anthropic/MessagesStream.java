package dev.lantern.gateway.provider.anthropic;

import dev.lantern.common.json.Json;
import dev.lantern.gateway.provider.FailureKind;
import dev.lantern.gateway.provider.ProviderStream;
import dev.lantern.gateway.provider.RateLimits;
import dev.lantern.gateway.provider.SseEvent;
import dev.lantern.gateway.provider.UpstreamErrors;
import dev.lantern.gateway.provider.UpstreamEvents;
import dev.lantern.gateway.provider.UpstreamException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic's event stream as OpenAI chunks, event by event as they arrive: {@code message_start}
 * gives the role, text deltas become content, a {@code tool_use} block becomes a tool call (its
 * id and name first, then its arguments as they stream, numbered from 0 in the order the calls
 * start), {@code message_delta} gives the finish reason, and {@code message_stop} the usage
 * chunk and {@code [DONE]}. An {@code error} event is a failure of its own kind (a rate limit, an
 * overload), not a generic one.
 */
final class MessagesStream implements ProviderStream {
  private static final Map<String, Integer> ERROR_STATUS = Map.of(
      "invalid_request_error", 400, "authentication_error", 401, "permission_error", 403, "not_found_error", 404,
      "request_too_large", 413, "rate_limit_error", 429, "api_error", 500, "overloaded_error", 503);

  private final String who;
  private final String secret;
  private final UpstreamEvents events;
  private final RateLimits rateLimits;
  private final boolean jsonMode;
  private final boolean includeUsage;
  private final long created;
  private final ArrayDeque<SseEvent> ready = new ArrayDeque<>();
  /** Content block index → tool call index (or -1 for the JSON answer tool). */
  private final Map<Integer, Integer> toolCalls = new HashMap<>();
  private final Map<Integer, Boolean> argumentsSeen = new HashMap<>();
  /** Content block index → the thinking block being streamed, to hand back whole with its signature. */
  private final Map<Integer, Thinking> thinkingBlocks = new HashMap<>();

  private record Thinking(StringBuilder text, StringBuilder signature) {}
  private String id = "msg";
  private String model;
  /** The start every chunk shares, built once the message's id and model are known. */
  private String chunkHead;
  private JsonNode startUsage = Json.object();
  private long outputTokens;
  private long thinkingChars;
  private int nextToolIndex;
  private boolean answeredAsJson;
  private boolean finished;
  /** In JSON mode, text the model wrote besides its answer: sent only if no JSON answer comes. */
  private final StringBuilder heldText = new StringBuilder();

  MessagesStream(String who, UpstreamEvents events, String secret, RateLimits rateLimits, String model,
      boolean jsonMode, boolean includeUsage, long created) {
    this.who = who;
    this.events = events;
    this.secret = secret;
    this.rateLimits = rateLimits;
    this.model = model;
    this.jsonMode = jsonMode;
    this.includeUsage = includeUsage;
    this.created = created;
  }

  @Override
  public RateLimits rateLimits() {
    return rateLimits;
  }

  @Override
  public SseEvent next() throws UpstreamException {
    while (ready.isEmpty()) {
      if (finished) {
        return null;
      }
      SseEvent event = events.next();
      if (event == null) {
        finished = true; // cut before message_stop: the relay sees no finish reason and says so
        return null;
      }
      if (event.isComment()) {
        return event;
      }
      translate(event);
    }
    return ready.poll();
  }

  private void translate(SseEvent event) throws UpstreamException {
    String text = textDelta(event.data());
    if (text != null) {
      text(text); // most events of a stream: read without building a tree
      return;
    }
    JsonNode data;
    try {
      data = Json.MAPPER.readTree(event.data());
    } catch (JacksonException e) {
      throw fail(new UpstreamException(FailureKind.UPSTREAM_ERROR, 502, who + ": sent an event that is not JSON"));
    }
    String type = data.path("type").asString(event.event() == null ? "" : event.event());
    switch (type) {
      case "message_start" -> {
        JsonNode message = data.path("message");
        id = message.path("id").asString(id);
        model = message.path("model").asString(model);
        chunkHead = null;
        startUsage = message.path("usage");
        emit(Json.object().put("role", "assistant").put("content", ""), null);
      }
      case "content_block_start" -> blockStart(data.path("index").asInt(0), data.path("content_block"));
      case "content_block_delta" -> blockDelta(data.path("index").asInt(0), data.path("delta"));
      case "content_block_stop" -> blockStop(data.path("index").asInt(0));
      case "message_delta" -> {
        outputTokens = Math.max(outputTokens, data.path("usage").path("output_tokens").asLong(0));
        if (!answeredAsJson && !heldText.isEmpty()) {
          emit(Json.object().put("content", heldText.toString()), null);
          heldText.setLength(0);
        }
        String reason = answeredAsJson ? "stop" : MessagesAnswer.finishReason(data.path("delta")
            .path("stop_reason").asString(null));
        emit(Json.object(), reason.equals("tool_calls") && nextToolIndex == 0 ? "stop" : reason);
      }
      case "message_stop" -> {
        if (includeUsage) {
          ObjectNode chunk = chunk();
          chunk.putArray("choices");
          chunk.set("usage", MessagesAnswer.usage(startUsage, outputTokens, thinkingChars));
          ready.add(SseEvent.data(chunk.toString()));
        }
        ready.add(SseEvent.data(SseEvent.DONE));
        finished = true;
      }
      case "ping" -> ready.add(SseEvent.comment(" ping"));
      case "error" -> throw fail(streamError(data.path("error")));
      default -> { } // an event type added after this was written: nothing an OpenAI client reads
    }
  }

  private void blockStart(int index, JsonNode block) {
    switch (block.path("type").asString("")) {
      case "text" -> text(block.path("text").asString(""));
      case "tool_use" -> {
        if (jsonMode && block.path("name").asString("").equals(MessagesRequest.JSON_TOOL)) {
          toolCalls.put(index, -1);
          answeredAsJson = true;
          return;
        }
        int toolIndex = nextToolIndex++;
        toolCalls.put(index, toolIndex);
        ObjectNode call = Json.object().put("index", toolIndex).put("id", block.path("id").asString(""))
            .put("type", "function");
        call.putObject("function").put("name", block.path("name").asString("")).put("arguments", "");
        ObjectNode delta = Json.object();
        delta.putArray("tool_calls").add(call);
        emit(delta, null);
      }
      case "thinking" -> thinkingBlocks.put(index, new Thinking(new StringBuilder(), new StringBuilder()));
      case "redacted_thinking" -> emit(thinkingBlock(block), null);
      default -> { } // server tools: nothing an OpenAI client reads
    }
  }

  /** LiteLLM's {@code thinking_blocks} delta: the signed block a client sends back to keep thinking across tools. */
  private static ObjectNode thinkingBlock(JsonNode block) {
    ObjectNode delta = Json.object();
    delta.putArray("thinking_blocks").add(block);
    return delta;
  }

  private void blockDelta(int index, JsonNode delta) {
    switch (delta.path("type").asString("")) {
      case "text_delta" -> text(delta.path("text").asString(""));
      case "thinking_delta" -> {
        String thinking = delta.path("thinking").asString("");
        thinkingChars += thinking.length();
        Thinking block = thinkingBlocks.get(index);
        if (block != null) {
          block.text().append(thinking);
        }
        emit(Json.object().put("reasoning_content", thinking), null);
      }
      case "signature_delta" -> {
        Thinking block = thinkingBlocks.get(index);
        if (block != null) {
          block.signature().append(delta.path("signature").asString(""));
        }
      }
      case "input_json_delta" -> {
        Integer toolIndex = toolCalls.get(index);
        String partial = delta.path("partial_json").asString("");
        if (toolIndex == null || partial.isEmpty()) {
          return;
        }
        argumentsSeen.put(index, true);
        if (toolIndex < 0) {
          emit(Json.object().put("content", partial), null); // the JSON answer itself
        } else {
          emit(arguments(toolIndex, partial), null);
        }
      }
      default -> { } // citations: nothing an OpenAI client reads
    }
  }

  private void text(String text) {
    if (text.isEmpty() || answeredAsJson) {
      return;
    }
    if (jsonMode) {
      heldText.append(text); // may precede the JSON answer, which must then come alone
    } else {
      emit("{\"content\":" + Json.MAPPER.writeValueAsString(text) + "}", null);
    }
  }

  /**
   * The text of a {@code text_delta} event, read in one streaming pass, or null for any other
   * event (which is then read as a tree).
   */
  static String textDelta(String data) {
    if (data == null || !data.contains("\"text_delta\"")) {
      return null;
    }
    try (JsonParser parser = Json.MAPPER.createParser(data)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      String type = null;
      String deltaType = null;
      String text = null;
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equals("type") && value == JsonToken.VALUE_STRING) {
          type = parser.getString();
        } else if (name.equals("delta") && value == JsonToken.START_OBJECT) {
          while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String field = parser.currentName();
            JsonToken fieldValue = parser.nextToken();
            if (field.equals("type") && fieldValue == JsonToken.VALUE_STRING) {
              deltaType = parser.getString();
            } else if (field.equals("text") && fieldValue == JsonToken.VALUE_STRING) {
              text = parser.getString();
            } else {
              parser.skipChildren();
            }
          }
        } else {
          parser.skipChildren();
        }
      }
      return "content_block_delta".equals(type) && "text_delta".equals(deltaType) ? text : null;
    } catch (JacksonException notJson) {
      return null;
    }
  }

  /** A tool call whose input streamed no text at all had no arguments: say so as "{}". */
  private void blockStop(int index) {
    Thinking thinking = thinkingBlocks.remove(index);
    if (thinking != null && !thinking.signature().isEmpty()) {
      // Whole, once signed: a client keeps it as it is and sends it back.
      emit(thinkingBlock(Json.object().put("type", "thinking").put("thinking", thinking.text().toString())
          .put("signature", thinking.signature().toString())), null);
    }
    Integer toolIndex = toolCalls.get(index);
    if (toolIndex != null && !argumentsSeen.getOrDefault(index, false)) {
      emit(toolIndex < 0 ? Json.object().put("content", "{}") : arguments(toolIndex, "{}"), null);
    }
  }

  private static ObjectNode arguments(int toolIndex, String text) {
    ObjectNode delta = Json.object();
    delta.putArray("tool_calls").addObject().put("index", toolIndex).putObject("function").put("arguments", text);
    return delta;
  }

  /**
   * One chunk, written as text around the delta: every chunk of a stream shares its id, model and
   * time, and building a tree per delta cost more than reading Anthropic's event (bench/jmh).
   */
  private void emit(ObjectNode delta, String finishReason) {
    emit(delta.toString(), finishReason);
  }

  private void emit(String delta, String finishReason) {
    if (chunkHead == null) {
      chunkHead = "{\"id\":" + Json.MAPPER.writeValueAsString(id) + ",\"object\":\"chat.completion.chunk\","
          + "\"created\":" + created + ",\"model\":" + Json.MAPPER.writeValueAsString(model)
          + ",\"choices\":[{\"index\":0,\"delta\":";
    }
    StringBuilder chunk = new StringBuilder(chunkHead.length() + delta.length() + 40).append(chunkHead).append(delta)
        .append(",\"finish_reason\":");
    chunk.append(finishReason == null ? "null" : "\"" + finishReason + "\"");
    ready.add(SseEvent.data(chunk.append("}]}").toString()));
  }

  private ObjectNode chunk() {
    return Json.object().put("id", id).put("object", "chat.completion.chunk").put("created", created)
        .put("model", model);
  }

  /** An error event carries no HTTP status: its type says which one it stands for. */
  private UpstreamException streamError(JsonNode error) {
    int status = ERROR_STATUS.getOrDefault(error.path("type").asString(""), 500);
    String message = error.path("message").asString("an error event without a message");
    FailureKind kind = UpstreamErrors.classify(status, message);
    return new UpstreamException(kind, kind == FailureKind.CONTEXT_WINDOW ? 400 : status,
        who + ": " + UpstreamErrors.cut(UpstreamErrors.redact(message, secret)));
  }

  private UpstreamException fail(UpstreamException failure) {
    close();
    return failure;
  }

  @Override
  public void close() {
    finished = true;
    events.close();
  }
}
