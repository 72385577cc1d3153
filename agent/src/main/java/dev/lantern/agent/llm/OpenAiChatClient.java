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
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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
        throw masked(ErrorClassifier.fromStatus(response.statusCode(), readLimited(body), endpointForMessages));
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

  /**
   * Sends asynchronously so that an interrupt can cancel the exchange while the endpoint has not
   * answered yet: a free model may queue for minutes before the first byte.
   */
  private HttpResponse<InputStream> send(HttpRequest request, Cancellation cancellation) throws LlmException {
    CompletableFuture<HttpResponse<InputStream>> pending = http.sendAsync(request,
        HttpResponse.BodyHandlers.ofInputStream());
    try (Cancellation.Registration ignored = cancellation.register(() -> pending.cancel(true))) {
      return pending.get();
    } catch (CancellationException e) {
      throw cancelled();
    } catch (ExecutionException e) {
      throw failedToSend(e.getCause() == null ? e : e.getCause());
    } catch (InterruptedException e) {
      pending.cancel(true);
      Thread.currentThread().interrupt();
      throw cancelled();
    }
  }

  private LlmException failedToSend(Throwable cause) {
    try {
      throw cause;
    } catch (HttpConnectTimeoutException e) {
      return new LlmException(Kind.CONNECTION, "cannot reach the model endpoint " + endpointForMessages
          + " (connect timed out)");
    } catch (HttpTimeoutException e) {
      return new LlmException(Kind.TIMEOUT, "the model did not start answering within "
          + firstByteTimeout.toSeconds() + " s");
    } catch (ConnectException e) {
      return new LlmException(Kind.CONNECTION, "cannot reach the model endpoint " + endpointForMessages
          + ": connection refused. Is the gateway running?");
    } catch (IOException e) {
      return new LlmException(Kind.CONNECTION, "cannot reach the model endpoint " + endpointForMessages + ": "
          + describe(e));
    } catch (Throwable e) {
      return new LlmException(Kind.CONNECTION, "cannot reach the model endpoint " + endpointForMessages + ": "
          + e.getClass().getSimpleName());
    }
  }

  /** Some endpoints quote the key they refused; it never goes further than this. */
  private LlmException masked(LlmException e) {
    if (apiKey == null || apiKey.length() < 4 || !e.getMessage().contains(apiKey)) {
      return e;
    }
    return new LlmException(e.kind(), e.status(), e.getMessage().replace(apiKey, "[redacted]"));
  }

  private ChatResponse readWhole(InputStream body, TextSink sink) throws IOException, LlmException {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(body);
    } catch (JacksonException e) {
      throw new LlmException(Kind.BAD_RESPONSE, "the model endpoint answered something that is not JSON");
    }
    if (root.path("error").isObject()) {
      throw masked(ErrorClassifier.fromErrorObject(root.path("error")));
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
        try {
          state.accept(data, sink);
        } catch (LlmException e) {
          throw masked(e);
        }
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
        String id = call.path("id").asString("");
        String name = call.path("function").path("name").asString("");
        String[] parts = calls.computeIfAbsent(index(call, id, name), i -> new String[] {"", "", ""});
        if (!id.isEmpty()) {
          parts[0] = id;
        }
        JsonNode function = call.path("function");
        // Most servers send the name once; some repeat it in every chunk.
        if (!name.isEmpty() && !parts[1].equals(name)) {
          parts[1] += name;
        }
        JsonNode arguments = function.path("arguments");
        parts[2] += arguments.isString() ? arguments.asString() : arguments.isObject() ? arguments.toString() : "";
      }
      if (choice.path("finish_reason").isString()) {
        finishReason = choice.path("finish_reason").asString();
      }
    }

    /** The call a delta continues: its index; without one, a new call if it brings an id or name. */
    private int index(JsonNode call, String id, String name) {
      if (call.path("index").canConvertToInt()) {
        return call.path("index").asInt();
      }
      if (calls.isEmpty()) {
        return 0;
      }
      String[] last = calls.lastEntry().getValue();
      boolean startsAnother = (!id.isEmpty() && !last[0].isEmpty() && !id.equals(last[0]))
          || (!name.isEmpty() && !last[1].isEmpty() && !name.equals(last[1]));
      return startsAnother ? calls.lastKey() + 1 : calls.lastKey();
    }

    ChatResponse response() {
      List<ToolCall> toolCalls = new ArrayList<>();
      calls.values().forEach(parts -> toolCalls.add(new ToolCall(parts[0].isEmpty() ? ToolCall.newId() : parts[0],
          parts[1], parts[2])));
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
