package dev.lantern.agent.llm;

import dev.lantern.agent.llm.LlmException.Kind;
import dev.lantern.common.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A chat completions client for any OpenAI-compatible endpoint (normally the Lantern gateway), on
 * the JDK's HTTP client. Streams when asked, accumulates streamed tool calls, and turns every
 * failure into an {@link LlmException} with its {@link Kind}.
 *
 * <p>Two timeouts: {@code firstByteTimeout} until the response starts (slow free models queue for
 * a while), then {@code idleTimeout} between streamed chunks, enforced by a watchdog that closes the
 * stream, because the JDK's request timeout stops counting once headers arrive.
 */
public final class OpenAiChatClient implements ChatModel {
  private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "llm-stream-watchdog");
    thread.setDaemon(true);
    return thread;
  });
  private static final int MAX_ERROR_BODY = 8 * 1024;

  private final URI completions;
  private final String endpointForMessages;
  private final String apiKey;
  private final Duration firstByteTimeout;
  private final Duration idleTimeout;
  private final HttpClient http;

  public OpenAiChatClient(String baseUrl, String apiKey, Duration connectTimeout, Duration firstByteTimeout,
      Duration idleTimeout) {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.completions = URI.create(base + "/chat/completions");
    this.endpointForMessages = withoutUserInfo(completions);
    this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
    this.firstByteTimeout = firstByteTimeout;
    this.idleTimeout = idleTimeout;
    this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1).build();
  }

  @Override
  public ChatResponse complete(ChatRequest request, TextSink sink, Cancellation cancellation) throws LlmException {
    if (cancellation.isCancelled()) {
      throw cancelled();
    }
    boolean stream = sink != TextSink.IGNORE;
    HttpRequest.Builder builder = HttpRequest.newBuilder(completions)
        .timeout(firstByteTimeout)
        .header("Content-Type", "application/json")
        .header("Accept", stream ? "text/event-stream" : "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(WireFormat.request(request, stream))));
    if (apiKey != null) {
      builder.header("Authorization", "Bearer " + apiKey);
    }
    HttpResponse<InputStream> response = send(builder.build(), cancellation);
    try (InputStream body = response.body(); Cancellation.Registration ignored = cancellation.register(body)) {
      if (response.statusCode() / 100 != 2) {
        throw ErrorClassifier.fromStatus(response.statusCode(), readLimited(body), endpointForMessages);
      }
      String contentType = response.headers().firstValue("content-type").orElse("");
      ChatResponse answer = contentType.contains("text/event-stream")
          ? readStream(body, sink, cancellation)
          : readWhole(body, sink);
      if (answer.message().content().isBlank() && !answer.message().callsTools()) {
        throw new LlmException(Kind.BAD_RESPONSE, "the model returned an empty answer");
      }
      return answer;
    } catch (IOException e) {
      if (cancellation.isCancelled()) {
        throw cancelled();
      }
      throw new LlmException(Kind.UNAVAILABLE, "the model's answer broke off: " + describe(e));
    }
  }

  private HttpResponse<InputStream> send(HttpRequest request, Cancellation cancellation) throws LlmException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpConnectTimeoutException e) {
      throw new LlmException(Kind.CONNECTION, "cannot reach the model endpoint " + endpointForMessages
          + " (connect timed out)");
    } catch (HttpTimeoutException e) {
      throw new LlmException(Kind.TIMEOUT, "the model did not start answering within "
          + firstByteTimeout.toSeconds() + " s");
    } catch (ConnectException e) {
      throw new LlmException(Kind.CONNECTION, "cannot reach the model endpoint " + endpointForMessages
          + ": connection refused. Is the gateway running?");
    } catch (IOException e) {
      throw new LlmException(Kind.CONNECTION, "cannot reach the model endpoint " + endpointForMessages + ": "
          + describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw cancelled();
    }
  }

  private static ChatResponse readWhole(InputStream body, TextSink sink) throws IOException, LlmException {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(body);
    } catch (JacksonException e) {
      throw new LlmException(Kind.BAD_RESPONSE, "the model endpoint answered something that is not JSON");
    }
    if (root.path("error").isObject()) {
      throw ErrorClassifier.fromErrorObject(root.path("error"));
    }
    JsonNode choice = root.path("choices").path(0);
    if (!choice.isObject()) {
      throw new LlmException(Kind.BAD_RESPONSE, "the model endpoint answered without any choice");
    }
    JsonNode message = choice.path("message");
    String text = WireFormat.text(message.path("content"));
    if (!text.isEmpty()) {
      sink.text(text);
    }
    Message answer = Message.assistant(text, WireFormat.toolCalls(message.path("tool_calls")));
    return new ChatResponse(answer, choice.path("finish_reason").asString(""), WireFormat.usage(root.path("usage")));
  }

  private ChatResponse readStream(InputStream body, TextSink sink, Cancellation cancellation)
      throws IOException, LlmException {
    StreamState state = new StreamState();
    AtomicLong lastActivity = new AtomicLong(System.nanoTime());
    long idleNanos = idleTimeout.toNanos();
    ScheduledFuture<?> watchdog = WATCHDOG.scheduleWithFixedDelay(() -> {
      if (System.nanoTime() - lastActivity.get() > idleNanos) {
        state.timedOut = true;
        closeQuietly(body);
      }
    }, 200, 200, TimeUnit.MILLISECONDS);
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lastActivity.set(System.nanoTime());
        if (!line.startsWith("data:")) {
          continue; // comments (keep-alives), event names, blank separators
        }
        String data = line.substring(5).strip();
        if (data.equals("[DONE]")) {
          state.done = true;
          break;
        }
        state.accept(data, sink);
      }
    } catch (IOException e) {
      if (state.timedOut) {
        throw new LlmException(Kind.TIMEOUT, "the model stopped sending for " + idleTimeout.toSeconds() + " s");
      }
      if (cancellation.isCancelled()) {
        throw cancelled();
      }
      throw e;
    } finally {
      watchdog.cancel(false);
    }
    if (state.timedOut) {
      throw new LlmException(Kind.TIMEOUT, "the model stopped sending for " + idleTimeout.toSeconds() + " s");
    }
    if (cancellation.isCancelled()) {
      throw cancelled();
    }
    if (!state.done && state.finishReason == null) {
      throw new LlmException(Kind.UNAVAILABLE, "the model's answer broke off before it finished");
    }
    return state.response();
  }

  /** What a stream has said so far: text, tool calls by index, finish reason and usage. */
  private static final class StreamState {
    final StringBuilder text = new StringBuilder();
    final TreeMap<Integer, String[]> calls = new TreeMap<>();
    String finishReason;
    Usage usage = Usage.NONE;
    boolean done;
    volatile boolean timedOut;

    void accept(String data, TextSink sink) throws LlmException {
      JsonNode chunk;
      try {
        chunk = Json.MAPPER.readTree(data);
      } catch (JacksonException e) {
        throw new LlmException(Kind.BAD_RESPONSE, "the model's stream held an event that is not JSON");
      }
      if (chunk.path("error").isObject()) {
        throw ErrorClassifier.fromErrorObject(chunk.path("error"));
      }
      if (chunk.path("usage").isObject()) {
        usage = WireFormat.usage(chunk.path("usage"));
      }
      JsonNode choice = chunk.path("choices").path(0);
      JsonNode delta = choice.path("delta");
      String piece = delta.path("content").isString() ? delta.path("content").asString() : "";
      if (!piece.isEmpty()) {
        text.append(piece);
        sink.text(piece);
      }
      for (JsonNode call : delta.path("tool_calls")) {
        String[] parts = calls.computeIfAbsent(call.path("index").asInt(calls.size()), i -> new String[] {"", "", ""});
        if (call.path("id").isString()) {
          parts[0] = call.path("id").asString();
        }
        JsonNode function = call.path("function");
        if (function.path("name").isString()) {
          parts[1] += function.path("name").asString();
        }
        JsonNode arguments = function.path("arguments");
        parts[2] += arguments.isString() ? arguments.asString() : arguments.isObject() ? arguments.toString() : "";
      }
      if (choice.path("finish_reason").isString()) {
        finishReason = choice.path("finish_reason").asString();
      }
    }

    ChatResponse response() {
      List<ToolCall> toolCalls = new ArrayList<>();
      calls.values().forEach(parts -> toolCalls.add(new ToolCall(parts[0], parts[1], parts[2])));
      return new ChatResponse(Message.assistant(text.toString(), toolCalls), finishReason == null ? "stop" : finishReason,
          usage);
    }
  }

  private static String readLimited(InputStream body) throws IOException {
    return new String(body.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
  }

  private static LlmException cancelled() {
    return new LlmException(Kind.CANCELLED, "interrupted");
  }

  private static void closeQuietly(InputStream body) {
    try {
      body.close();
    } catch (IOException ignored) {
      // closing is how the watchdog ends the read
    }
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** Never echo credentials embedded in a URL. */
  private static String withoutUserInfo(URI uri) {
    return uri.getUserInfo() == null ? uri.toString() : uri.toString().replace(uri.getRawUserInfo() + "@", "");
  }
}
