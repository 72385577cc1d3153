package dev.lantern.testkit;

import dev.lantern.common.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * A scriptable, fault-injecting OpenAI-compatible upstream for tests. One server plays many
 * deployments: each has its own base URL ({@code http://127.0.0.1:PORT/<name>/v1}), its own queue
 * of {@link Reply replies} (consumed in order, then the default: a short completion) and its own
 * record of what it received.
 *
 * <p>It can answer with any status, wait past a timeout, reset the connection, stream tokens, drop
 * a stream mid-way or put an error inside it, and answer 200 with an error body.
 */
public final class FakeOpenAi extends ScriptedFake<FakeOpenAi> {
  private final Map<String, List<String>> models = new ConcurrentHashMap<>();
  private final java.util.Set<String> usageInLastChunk = ConcurrentHashMap.newKeySet();

  private FakeOpenAi() {
    super("fake-openai");
  }

  public static FakeOpenAi start() {
    return new FakeOpenAi();
  }

  /** The api_base a gateway config uses for this deployment ({@link #root} is Azure's, without /v1). */
  @Override
  public String baseUrl(String deployment) {
    return root(deployment) + "/v1";
  }

  /** What {@code GET /models} lists for this deployment (by default, the deployment's own name). */
  public FakeOpenAi models(String deployment, String... ids) {
    models.put(deployment, List.of(ids));
    return this;
  }

  /**
   * Streams of this deployment carry the usage in their finishing chunk whether asked or not, as
   * Mistral's do (and never a usage-only chunk).
   */
  public FakeOpenAi usageInLastChunk(String deployment) {
    usageInLastChunk.add(deployment);
    return this;
  }

  /** Forgets scripts and recorded calls. */
  public void reset() {
    scripts.clear();
    models.clear();
  }

  @Override
  void handle(Request request, Response response, Callback callback) throws Exception {
    String path = Request.getPathInContext(request);
    String[] parts = path.split("/", 3);
    String deployment = parts.length > 1 ? parts[1] : "";
    String endpoint = parts.length > 2 ? "/" + parts[2] : "/";
    if (endpoint.endsWith("/models")) {
      // A listing, as gateways answer it: it consumes no script and is not recorded as a call.
      ObjectNode list = Json.object().put("object", "list");
      ArrayNode data = list.putArray("data");
      models.getOrDefault(deployment, List.of(deployment)).forEach(id -> data.addObject().put("id", id)
          .put("object", "model"));
      json(response, callback, 200, list);
      return;
    }
    String text = Content.Source.asString(request, StandardCharsets.UTF_8);
    JsonNode body = text.isEmpty() ? Json.object() : Json.MAPPER.readTree(text);
    Map<String, String> headers = new HashMap<>();
    for (HttpField field : request.getHeaders()) {
      headers.put(field.getName().toLowerCase(Locale.ROOT), field.getValue());
    }
    String query = request.getHttpURI().getQuery();
    scripts.record(deployment, new Received(query == null ? endpoint : endpoint + "?" + query, Map.copyOf(headers),
        body));

    Reply reply = scripts.next(deployment, body, request2 -> request2.path("stream").asBoolean(false)
        ? Reply.stream("Hello", " from", " " + deployment) : Reply.ok("Hello from " + deployment));
    if (reply.rateLimits() != null) {
      response.getHeaders().put("x-ratelimit-remaining-requests", Long.toString(reply.rateLimits()[0]));
      response.getHeaders().put("x-ratelimit-remaining-tokens", Long.toString(reply.rateLimits()[1]));
    }
    if (!reply.delay().isZero()) {
      Thread.sleep(reply.delay());
    }
    if (answeredFailure(request, response, callback, reply, error(reply.status(), reply.message()))) {
      return;
    }
    String model = body.path("model").asString("fake-model");
    switch (reply.kind()) {
      case OK -> json(response, callback, 200, endpoint.endsWith("/embeddings")
          ? embeddings(model, body) : completion(model, reply));
      case TOOL_CALLS -> {
        if (body.path("stream").asBoolean(false)) {
          streamToolCalls(response, callback, model, reply);
        } else {
          json(response, callback, 200, toolCallCompletion(model, reply));
        }
      }
      case STREAM, STREAM_ERROR_EVENT, STREAM_DROP, STREAM_EMPTY, STREAM_CUT, STREAM_NO_DONE ->
          stream(request, response, callback, deployment, model, body, reply);
      default -> { } // failures: answered above
    }
  }

  private void stream(Request request, Response response, Callback callback, String deployment, String model,
      JsonNode body, Reply reply)
      throws Exception {
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
    String id = "chatcmpl-fake";
    if (reply.keepAlive()) {
      write(response, ": OPENROUTER PROCESSING\n\n");
    }
    if (reply.kind() == Reply.Kind.STREAM_EMPTY) {
      callback.succeeded();
      return;
    }
    write(response, event(chunk(id, model, "{\"role\":\"assistant\",\"content\":\"\"}", null)));
    boolean brokenOff = streamTokens(reply, callback,
        token -> write(response, event(chunk(id, model, Json.object().put("content", token).toString(), null))),
        message -> write(response, event(error(reply.status(), message).toString())));
    if (brokenOff) {
      return;
    }
    if (usageInLastChunk.contains(deployment)) {
      ObjectNode last = (ObjectNode) Json.MAPPER.readTree(chunk(id, model, "{}", "stop"));
      last.set("usage", usage(reply));
      write(response, event(last.toString()));
    } else {
      write(response, event(chunk(id, model, "{}", "stop")));
      if (body.path("stream_options").path("include_usage").asBoolean(false)) {
        write(response, event(usageChunk(id, model, reply)));
      }
    }
    if (reply.kind() != Reply.Kind.STREAM_NO_DONE) {
      write(response, "data: [DONE]\n\n");
    }
    callback.succeeded();
  }

  /** Streams each call as OpenAI does: id and name first, then the arguments in two pieces. */
  private static void streamToolCalls(Response response, Callback callback, String model, Reply reply)
      throws Exception {
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
    String id = "chatcmpl-fake";
    write(response, event(chunk(id, model, "{\"role\":\"assistant\",\"content\":null}", null)));
    for (int i = 0; i < reply.calls().size(); i++) {
      Reply.Call call = reply.calls().get(i);
      ObjectNode first = Json.object();
      ObjectNode start = first.putArray("tool_calls").addObject().put("index", i).put("id", "call_" + i)
          .put("type", "function");
      start.putObject("function").put("name", call.name()).put("arguments", "");
      write(response, event(chunk(id, model, first.toString(), null)));
      String arguments = call.arguments();
      int half = arguments.length() / 2;
      for (String piece : new String[] {arguments.substring(0, half), arguments.substring(half)}) {
        ObjectNode delta = Json.object();
        delta.putArray("tool_calls").addObject().put("index", i).putObject("function").put("arguments", piece);
        write(response, event(chunk(id, model, delta.toString(), null)));
      }
    }
    write(response, event(chunk(id, model, "{}", "tool_calls")));
    write(response, event(usageChunk(id, model, reply)));
    write(response, "data: [DONE]\n\n");
    callback.succeeded();
  }

  private static JsonNode toolCallCompletion(String model, Reply reply) {
    ObjectNode completion = Json.object().put("id", "chatcmpl-fake").put("object", "chat.completion")
        .put("created", 1700000000).put("model", model);
    ObjectNode choice = completion.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message").put("role", "assistant");
    message.putNull("content");
    ArrayNode calls = message.putArray("tool_calls");
    for (int i = 0; i < reply.calls().size(); i++) {
      Reply.Call call = reply.calls().get(i);
      ObjectNode item = calls.addObject().put("id", "call_" + i).put("type", "function");
      item.putObject("function").put("name", call.name()).put("arguments", call.arguments());
    }
    choice.put("finish_reason", "tool_calls");
    completion.set("usage", usage(reply));
    return completion;
  }

  private static void write(Response response, String text) throws Exception {
    try (Blocker.Callback written = Blocker.callback()) {
      response.write(false, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), written);
      written.block();
    }
  }


  private static String event(String data) {
    return "data: " + data + "\n\n";
  }

  private static String chunk(String id, String model, String delta, String finish) {
    return "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"" + model
        + "\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
        + (finish == null ? "null" : "\"" + finish + "\"") + "}]}";
  }

  private static String usageChunk(String id, String model, Reply reply) {
    ObjectNode chunk = Json.object().put("id", id).put("object", "chat.completion.chunk").put("created", 1700000000)
        .put("model", model);
    chunk.putArray("choices");
    chunk.set("usage", usage(reply));
    return chunk.toString();
  }

  private static ObjectNode usage(Reply reply) {
    int prompt = reply.promptTokenCount();
    int completion = reply.tokens().size() + reply.reasoningTokens();
    ObjectNode usage = Json.object().put("prompt_tokens", prompt).put("completion_tokens", completion)
        .put("total_tokens", prompt + completion);
    if (reply.cachedTokens() > 0) {
      usage.putObject("prompt_tokens_details").put("cached_tokens", reply.cachedTokens());
    }
    if (reply.reasoningTokens() > 0) {
      usage.putObject("completion_tokens_details").put("reasoning_tokens", reply.reasoningTokens());
    }
    if (reply.cost() != null) {
      usage.put("cost", reply.cost());
    }
    return usage;
  }

  private static JsonNode completion(String model, Reply reply) {
    ObjectNode completion = Json.object().put("id", "chatcmpl-fake").put("object", "chat.completion")
        .put("created", 1700000000).put("model", model);
    ObjectNode choice = completion.putArray("choices").addObject();
    choice.put("index", 0);
    choice.putObject("message").put("role", "assistant").put("content", String.join(" ", reply.tokens()));
    choice.put("finish_reason", "stop");
    completion.set("usage", usage(reply));
    return completion;
  }

  private static JsonNode embeddings(String model, JsonNode request) {
    ObjectNode result = Json.object().put("object", "list").put("model", model);
    ArrayNode data = result.putArray("data");
    int inputs = request.path("input").isArray() ? request.path("input").size() : 1;
    float[] vector = {0.1f, 0.2f, 0.3f};
    boolean base64 = request.path("encoding_format").asString("float").equals("base64");
    for (int i = 0; i < inputs; i++) {
      ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
      if (base64) {
        // As OpenAI does: little-endian float32s, base64-encoded (the Node SDK asks for this).
        ByteBuffer bytes = ByteBuffer.allocate(4 * vector.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float v : vector) {
          bytes.putFloat(v);
        }
        item.put("embedding", java.util.Base64.getEncoder().encodeToString(bytes.array()));
      } else {
        ArrayNode values = item.putArray("embedding");
        for (float v : vector) {
          values.add(v);
        }
      }
    }
    result.putObject("usage").put("prompt_tokens", 4 * inputs).put("total_tokens", 4 * inputs);
    return result;
  }

  private static JsonNode error(int code, String message) {
    ObjectNode body = Json.object();
    body.putObject("error").put("message", message).put("type", "upstream_error").put("code", code);
    return body;
  }
}
