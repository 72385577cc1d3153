package dev.lantern.gateway.http;

import dev.lantern.common.json.Json;
import dev.lantern.gateway.provider.FailureKind;
import dev.lantern.gateway.provider.ProviderStream;
import dev.lantern.gateway.provider.SseEvent;
import dev.lantern.gateway.provider.UpstreamException;
import dev.lantern.gateway.provider.Usage;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Carries one upstream stream to the client in two phases.
 *
 * <ol>
 *   <li><b>Priming</b>, inside the router's attempt: events are held until the first one with
 *       content. An error before that point is an ordinary failure, so the router can retry or
 *       fall back and the client never knows.
 *   <li><b>Relaying</b>, once the response is committed: every event is written and flushed as it
 *       arrives. From here a failure cannot be hidden; the stream ends with an error event.
 * </ol>
 *
 * <p>The upstream is always asked for usage so the gateway can account for the call; the usage
 * chunk reaches the client only if it asked for {@code stream_options.include_usage}.
 */
final class StreamRelay {
  private static final String NULL_USAGE = "\"usage\":null";
  /** Held events are released anyway past this size, so a chatty preamble cannot grow memory. */
  private static final int MAX_HELD_BYTES = 256 * 1024;

  private final ProviderStream stream;
  private final String who;
  private final boolean clientWantsUsage;
  private final List<SseEvent> held = new ArrayList<>();
  private boolean sawDone;
  private boolean sawFinish;
  private long firstContentNanos = -1;
  private Usage usage;
  private long dataEvents;

  private StreamRelay(ProviderStream stream, String who, boolean clientWantsUsage) {
    this.stream = stream;
    this.who = who;
    this.clientWantsUsage = clientWantsUsage;
  }

  /** Reads up to the first content event. Throws (and closes the stream) on an early failure. */
  static StreamRelay prime(ProviderStream stream, String who, boolean clientWantsUsage) throws UpstreamException {
    StreamRelay relay = new StreamRelay(stream, who, clientWantsUsage);
    try {
      relay.readUntilContent();
    } catch (UpstreamException | RuntimeException e) {
      stream.close();
      throw e;
    }
    return relay;
  }

  private void readUntilContent() throws UpstreamException {
    int heldBytes = 0;
    while (true) {
      SseEvent event = stream.next();
      if (event == null) {
        // Nothing worth a 200 arrived: a failure the router may still retry or route around.
        throw new UpstreamException(FailureKind.UPSTREAM_ERROR, 502, who + ": the stream ended without an answer");
      }
      if (event.isComment()) {
        continue; // a keep-alive: the client has no connection to keep alive yet
      }
      if (event.isDone()) {
        throw new UpstreamException(FailureKind.UPSTREAM_ERROR, 502, who + ": the stream ended without an answer");
      }
      held.add(event);
      heldBytes += event.data().length();
      if (hasContent(event.data()) || heldBytes > MAX_HELD_BYTES) {
        firstContentNanos = System.nanoTime();
        return;
      }
    }
  }

  /** What the upstream said of its remaining requests and tokens when it accepted the stream. */
  dev.lantern.gateway.provider.RateLimits rateLimits() {
    return stream.rateLimits();
  }

  /** When the first content arrived (System.nanoTime), or -1 if the stream had none. */
  long firstContentNanos() {
    return firstContentNanos;
  }

  /**
   * The events held during priming, then the rest of the stream, as bytes for the client. A stream
   * that ends without {@code [DONE]} gets one when the answer had finished (some servers omit it);
   * otherwise it was cut short, which is a failure.
   */
  void relay(Sink sink) throws UpstreamException, java.io.IOException {
    try {
      for (SseEvent event : held) {
        write(event, sink);
      }
      sink.flush();
      while (!sawDone) {
        SseEvent event = stream.next();
        if (event == null) {
          if (!sawFinish) {
            throw new UpstreamException(FailureKind.CONNECTION, 502,
                who + ": the stream ended before the answer was complete");
          }
          sink.write(SseEvent.data(SseEvent.DONE).toBytes());
          sink.flush();
          break;
        }
        write(event, sink);
        sink.flush();
      }
    } finally {
      stream.close();
    }
  }

  /** The usage the upstream reported, else an estimate (one token a chunk) marked as such. */
  Usage usage(long promptChars) {
    if (usage != null) {
      return usage;
    }
    return Usage.estimate(promptChars, 0).withEstimatedCompletion(dataEvents);
  }

  private void write(SseEvent event, Sink sink) throws java.io.IOException {
    if (event.isDone()) {
      sawDone = true;
    }
    if (event.isComment() || event.isDone()) {
      sink.write(event.toBytes());
      return;
    }
    String data = event.data();
    dataEvents++;
    if (!sawFinish && finishes(data)) {
      sawFinish = true;
    }
    if (!data.contains("\"usage\"")) {
      sink.write(event.toBytes());
      return;
    }
    if (!clientWantsUsage && data.indexOf(NULL_USAGE) >= 0 && data.indexOf(NULL_USAGE) == data.lastIndexOf(NULL_USAGE)) {
      // OpenAI puts "usage":null in every chunk once usage is requested. In compact JSON that text
      // cannot occur inside a string (its quotes would be escaped), so it is cut without parsing.
      String trimmed = data.replace("," + NULL_USAGE, "").replace(NULL_USAGE + ",", "");
      sink.write((trimmed.length() < data.length() ? SseEvent.data(trimmed) : event).toBytes());
      return;
    }
    JsonNode chunk = parse(data);
    if (chunk == null || !chunk.isObject()) {
      sink.write(event.toBytes());
      return;
    }
    JsonNode reported = chunk.get("usage");
    boolean usageChunk = reported != null && reported.isObject();
    if (usageChunk) {
      usage = Usage.from(reported);
      dataEvents--; // the usage chunk carries no completion text
      sawFinish = true;
    }
    if (clientWantsUsage) {
      sink.write(event.toBytes());
      return;
    }
    JsonNode choices = chunk.get("choices");
    if (usageChunk && (choices == null || choices.isEmpty())) {
      return; // the usage-only chunk the client did not ask for
    }
    ((ObjectNode) chunk).remove("usage");
    sink.write(SseEvent.data(Json.MAPPER.writeValueAsString(chunk)).toBytes());
  }

  /** True when a chunk sets a finish reason ({@code "finish_reason": "stop"}, not null). */
  static boolean finishes(String data) {
    int at = data.indexOf("\"finish_reason\"");
    while (at >= 0) {
      int i = at + "\"finish_reason\"".length();
      while (i < data.length() && (data.charAt(i) == ':' || Character.isWhitespace(data.charAt(i)))) {
        i++;
      }
      if (i < data.length() && data.charAt(i) == '"') {
        return true;
      }
      at = data.indexOf("\"finish_reason\"", i);
    }
    return false;
  }

  /** True when a chunk carries text, a tool call, reasoning, a refusal or a finish reason. */
  static boolean hasContent(String data) {
    JsonNode chunk = parse(data);
    if (chunk == null) {
      return true; // not ours to judge: pass it on
    }
    JsonNode choices = chunk.get("choices");
    if (choices == null || !choices.isArray() || choices.isEmpty()) {
      return chunk.has("usage") && chunk.get("usage").isObject();
    }
    for (JsonNode choice : choices) {
      JsonNode finish = choice.get("finish_reason");
      if (finish != null && !finish.isNull()) {
        return true;
      }
      JsonNode delta = choice.get("delta");
      if (delta == null || !delta.isObject()) {
        continue;
      }
      for (String field : List.of("content", "reasoning", "reasoning_content", "refusal")) {
        JsonNode value = delta.get(field);
        if (value != null && value.isString() && !value.asString().isEmpty()) {
          return true;
        }
      }
      JsonNode toolCalls = delta.get("tool_calls");
      if (toolCalls != null && toolCalls.isArray() && !toolCalls.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** The error event that ends a stream that broke after bytes reached the client. */
  static byte[] errorEvent(UpstreamException failure) {
    ObjectNode error = Json.object();
    error.put("message", failure.getMessage());
    error.put("type", dev.lantern.common.http.ErrorBodies.typeFor(failure.status()));
    error.putNull("param");
    error.put("code", Integer.toString(failure.status()));
    ObjectNode body = Json.object();
    body.set("error", error);
    return SseEvent.data(Json.MAPPER.writeValueAsString(body)).toBytes();
  }

  private static JsonNode parse(String data) {
    try {
      return Json.MAPPER.readTree(data);
    } catch (JacksonException e) {
      return null;
    }
  }

  /** Where relayed bytes go: the servlet response, flushed per event. */
  interface Sink {
    void write(byte[] bytes) throws java.io.IOException;

    void flush() throws java.io.IOException;
  }
}
