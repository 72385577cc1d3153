package dev.lantern.testkit;

import dev.lantern.common.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A scriptable fake of Anthropic's Messages API ({@code POST <base>/v1/messages}), driven by the
 * same {@link Reply} scripts as {@link FakeOpenAi}: each reply is told in Anthropic's wire format,
 * whole or as its event stream ({@code message_start}, content blocks and their deltas, {@code
 * message_delta}, {@code message_stop}), as the request asks, as the real API does. Errors carry
 * Anthropic's body ({@code {"type":"error","error":{"type","message"}}}) and an error inside a
 * stream is its {@code error} event.
 */
public final class FakeAnthropic extends ScriptedFake<FakeAnthropic> {
  private FakeAnthropic() {
    super("fake-anthropic");
  }

  public static FakeAnthropic start() {
    return new FakeAnthropic();
  }

  /** The api_base for this deployment; the provider appends /v1/messages. */
  @Override
  public String baseUrl(String deployment) {
    return root(deployment);
  }

  @Override
  void handle(Request request, Response response, Callback callback) throws Exception {
    String[] parts = Request.getPathInContext(request).split("/", 3);
    String deployment = parts.length > 1 ? parts[1] : "";
    String text = Content.Source.asString(request, StandardCharsets.UTF_8);
    JsonNode body = text.isEmpty() ? Json.object() : Json.MAPPER.readTree(text);
    Map<String, String> headers = new HashMap<>();
    for (HttpField field : request.getHeaders()) {
      headers.put(field.getName().toLowerCase(Locale.ROOT), field.getValue());
    }
    scripts.record(deployment, new Received(parts.length > 2 ? "/" + parts[2] : "/", Map.copyOf(headers), body));
    Reply reply = scripts.next(deployment, body, request2 -> Reply.ok("Hello from " + deployment));
    if (!reply.delay().isZero()) {
      Thread.sleep(reply.delay());
    }
    if (reply.rateLimits() != null) {
      response.getHeaders().put("anthropic-ratelimit-requests-remaining", Long.toString(reply.rateLimits()[0]));
      response.getHeaders().put("anthropic-ratelimit-tokens-remaining", Long.toString(reply.rateLimits()[1]));
    }
    if (answeredFailure(request, response, callback, reply, error(reply.status(), reply.message()))) {
      return;
    }
    String model = body.path("model").asString("claude-fake");
    boolean stream = body.path("stream").asBoolean(false);
    switch (reply.kind()) {
      case OK, STREAM, TOOL_CALLS -> {
        if (stream) {
          stream(response, callback, model, reply);
        } else {
          json(response, callback, 200, message(model, reply));
        }
      }
      case STREAM_ERROR_EVENT, STREAM_DROP, STREAM_EMPTY, STREAM_CUT, STREAM_NO_DONE ->
          stream(response, callback, model, reply);
      default -> { } // failures: answered above
    }
  }

  private static ObjectNode message(String model, Reply reply) {
    ObjectNode message = Json.object().put("id", "msg_fake").put("type", "message").put("role", "assistant")
        .put("model", model);
    ArrayNode content = message.putArray("content");
    if (reply.reasoningTokens() > 0) {
      content.addObject().put("type", "thinking").put("thinking", "x".repeat(4 * reply.reasoningTokens()))
          .put("signature", "sig");
    }
    if (reply.kind() == Reply.Kind.TOOL_CALLS) {
      for (int i = 0; i < reply.calls().size(); i++) {
        Reply.Call call = reply.calls().get(i);
        content.addObject().put("type", "tool_use").put("id", "toolu_" + i).put("name", call.name())
            .set("input", Json.MAPPER.readTree(call.arguments()));
      }
      message.put("stop_reason", "tool_use");
    } else {
      content.addObject().put("type", "text").put("text", String.join(" ", reply.tokens()));
      message.put("stop_reason", "end_turn");
    }
    message.putNull("stop_sequence");
    message.set("usage", usage(reply, outputTokens(reply)));
    return message;
  }

  /** The event stream of one reply, cut or broken where the reply says. */
  private static void stream(Response response, Callback callback, String model, Reply reply) throws Exception {
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
    if (reply.kind() == Reply.Kind.STREAM_EMPTY) {
      callback.succeeded();
      return;
    }
    ObjectNode start = Json.object().put("type", "message_start");
    ObjectNode message = start.putObject("message").put("id", "msg_fake").put("type", "message")
        .put("role", "assistant").put("model", model);
    message.putArray("content");
    message.set("usage", usage(reply, 1));
    event(response, "message_start", start);
    if (reply.keepAlive()) {
      event(response, "ping", Json.object().put("type", "ping"));
    }
    int block = 0;
    if (reply.reasoningTokens() > 0) {
      blockStart(response, block, Json.object().put("type", "thinking").put("thinking", ""));
      delta(response, block, Json.object().put("type", "thinking_delta")
          .put("thinking", "x".repeat(4 * reply.reasoningTokens())));
      delta(response, block, Json.object().put("type", "signature_delta").put("signature", "EqQBfake"));
      event(response, "content_block_stop", Json.object().put("type", "content_block_stop").put("index", block++));
    }
    if (reply.kind() == Reply.Kind.TOOL_CALLS) {
      for (int i = 0; i < reply.calls().size(); i++, block++) {
        Reply.Call call = reply.calls().get(i);
        ObjectNode use = Json.object().put("type", "tool_use").put("id", "toolu_" + i).put("name", call.name());
        use.putObject("input");
        blockStart(response, block, use);
        String arguments = call.arguments();
        int half = arguments.length() / 2;
        for (String piece : new String[] {arguments.substring(0, half), arguments.substring(half)}) {
          delta(response, block, Json.object().put("type", "input_json_delta").put("partial_json", piece));
        }
        event(response, "content_block_stop", Json.object().put("type", "content_block_stop").put("index", block));
      }
      finish(response, reply, "tool_use");
      callback.succeeded();
      return;
    }
    blockStart(response, block, Json.object().put("type", "text").put("text", ""));
    int textBlock = block;
    boolean brokenOff = streamTokens(reply, callback,
        token -> delta(response, textBlock, Json.object().put("type", "text_delta").put("text", token)),
        text -> event(response, "error", error(reply.status(), text)));
    if (brokenOff) {
      return;
    }
    event(response, "content_block_stop", Json.object().put("type", "content_block_stop").put("index", block));
    if (reply.kind() == Reply.Kind.STREAM_NO_DONE) {
      ObjectNode delta = Json.object().put("type", "message_delta");
      delta.putObject("delta").put("stop_reason", "end_turn");
      delta.putObject("usage").put("output_tokens", outputTokens(reply));
      event(response, "message_delta", delta);
      callback.succeeded(); // no message_stop
      return;
    }
    finish(response, reply, "end_turn");
    callback.succeeded();
  }

  private static void finish(Response response, Reply reply, String stopReason) throws Exception {
    ObjectNode delta = Json.object().put("type", "message_delta");
    delta.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
    delta.putObject("usage").put("output_tokens", outputTokens(reply));
    event(response, "message_delta", delta);
    event(response, "message_stop", Json.object().put("type", "message_stop"));
  }

  private static int outputTokens(Reply reply) {
    return reply.tokens().size() + reply.reasoningTokens() + (reply.kind() == Reply.Kind.TOOL_CALLS ? 5 : 0);
  }

  private static void blockStart(Response response, int index, ObjectNode block) throws Exception {
    ObjectNode start = Json.object().put("type", "content_block_start").put("index", index);
    start.set("content_block", block);
    event(response, "content_block_start", start);
  }

  private static void delta(Response response, int index, ObjectNode delta) throws Exception {
    ObjectNode event = Json.object().put("type", "content_block_delta").put("index", index);
    event.set("delta", delta);
    event(response, "content_block_delta", event);
  }

  private static ObjectNode usage(Reply reply, int output) {
    ObjectNode usage = Json.object()
        .put("input_tokens", reply.promptTokenCount() - reply.cachedTokens() - reply.cacheWrites())
        .put("output_tokens", output);
    usage.put("cache_creation_input_tokens", reply.cacheWrites()).put("cache_read_input_tokens", reply.cachedTokens());
    return usage;
  }

  private static ObjectNode error(int status, String message) {
    String type = switch (status) {
      case 400 -> "invalid_request_error";
      case 401 -> "authentication_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 413 -> "request_too_large";
      case 429 -> "rate_limit_error";
      case 529 -> "overloaded_error";
      default -> "api_error";
    };
    ObjectNode body = Json.object().put("type", "error");
    body.putObject("error").put("type", type).put("message", message);
    return body;
  }

  private static void event(Response response, String name, JsonNode data) throws Exception {
    byte[] bytes = ("event: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    try (Blocker.Callback written = Blocker.callback()) {
      response.write(false, ByteBuffer.wrap(bytes), written);
      written.block();
    }
  }

}
