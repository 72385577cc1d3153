package dev.lantern.testkit;

import dev.lantern.common.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
public final class FakeOpenAi implements FakeUpstream {
  private final FakeServer server;
  private final Scripts scripts = new Scripts();
  private final Map<String, List<String>> models = new ConcurrentHashMap<>();
  private final java.util.Set<String> usageInLastChunk = ConcurrentHashMap.newKeySet();

  private FakeOpenAi() throws Exception {
    server = FakeServer.start("fake-openai", 0, this::handle);
  }

  public static FakeOpenAi start() {
    try {
      return new FakeOpenAi();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the fake OpenAI upstream", e);
    }
  }

  /** The api_base a gateway config uses for this deployment. */
  @Override
  public String baseUrl(String deployment) {
    return root(deployment) + "/v1";
  }

  /** The deployment's address without /v1: what Azure's api_base is (it appends /openai/deployments/...). */
  public String root(String deployment) {
    return "http://127.0.0.1:" + server.port() + "/" + deployment;
  }

  /** Queues replies for the next calls to this deployment. */
  @Override
  public FakeOpenAi script(String deployment, Reply... replies) {
    scripts.add(deployment, replies);
    return this;
  }

  /**
   * Answers calls to this deployment that no script covers by asking {@code responder}, which sees
   * the request body: a model that follows the conversation (for long benchmark runs).
   */
  public FakeOpenAi respondWith(String deployment, java.util.function.Function<JsonNode, Reply> responder) {
    scripts.respondWith(deployment, responder);
    return this;
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

  /** Stops keeping request bodies (a 1,000-turn benchmark would otherwise hold them all). */
  public FakeOpenAi withoutRecording() {
    scripts.stopRecording();
    return this;
  }

  @Override
  public List<Received> received(String deployment) {
    return scripts.received(deployment);
  }

  @Override
  public int calls(String deployment) {
    return scripts.calls(deployment);
  }

  /** Forgets scripts and recorded calls. */
  public void reset() {
    scripts.clear();
    models.clear();
  }

  @Override
  public void close() {
    server.stop();
  }

  private void handle(Request request, Response response, Callback callback) throws Exception {
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
    String model = body.path("model").asString("fake-model");
    switch (reply.kind()) {
      case OK -> json(response, callback, 200, endpoint.endsWith("/embeddings")
          ? embeddings(model, body) : completion(model, reply));
      case STATUS -> {
        if (reply.retryAfterSeconds() != null) {
          response.getHeaders().put(HttpHeader.RETRY_AFTER, reply.retryAfterSeconds().toString());
        }
        json(response, callback, reply.status(), error(reply.status(), reply.message()));
      }
      case OK_WITH_ERROR_BODY -> json(response, callback, 200, error(reply.status(), reply.message()));
      case RAW -> {
        response.setStatus(reply.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(reply.message().getBytes(StandardCharsets.UTF_8)), callback);
      }
      case TOOL_CALLS -> {
        if (body.path("stream").asBoolean(false)) {
          streamToolCalls(response, callback, model, reply);
        } else {
          json(response, callback, 200, toolCallCompletion(model, reply));
        }
      }
      case RESET -> {
        request.getConnectionMetaData().getConnection().getEndPoint().close();
        callback.failed(new java.io.IOException("reset by the fake"));
      }
      case STREAM, STREAM_ERROR_EVENT, STREAM_DROP, STREAM_EMPTY, STREAM_CUT, STREAM_NO_DONE ->
          stream(request, response, callback, deployment, model, body, reply);
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
    List<String> tokens = reply.tokens();
    boolean cutShort = switch (reply.kind()) {
      case STREAM_ERROR_EVENT, STREAM_DROP, STREAM_CUT -> true;
      default -> false;
    };
    int limit = cutShort ? Math.min(reply.failAfterTokens(), tokens.size()) : tokens.size();
    for (int i = 0; i < limit; i++) {
      ObjectNode delta = Json.object().put("content", tokens.get(i));
      write(response, event(chunk(id, model, delta.toString(), null)));
      if (i == 0 && reply.holdAfterFirstToken() != null) {
        reply.holdAfterFirstToken().await(30, TimeUnit.SECONDS);
      }
      if (!reply.interval().isZero()) {
        Thread.sleep(reply.interval());
      }
    }
    switch (reply.kind()) {
      case STREAM_ERROR_EVENT -> {
        write(response, event(error(reply.status(), reply.message()).toString()));
        callback.succeeded();
        return;
      }
      case STREAM_DROP -> {
        // Fails the committed response: Jetty closes the connection without the last chunk.
        callback.failed(new java.io.IOException("dropped by the fake"));
        return;
      }
      case STREAM_CUT -> {
        callback.succeeded();
        return;
      }
      default -> { }
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

  private static void json(Response response, Callback callback, int status, JsonNode body) {
    byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(bytes), callback);
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
