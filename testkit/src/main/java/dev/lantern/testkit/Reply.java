package dev.lantern.testkit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * What {@link FakeOpenAi} answers to one call. Build with the static factories and refine with
 * the {@code with...} methods; replies are immutable.
 */
public record Reply(
    Kind kind,
    int status,
    String message,
    List<String> tokens,
    Integer retryAfterSeconds,
    Duration delay,
    Duration interval,
    int failAfterTokens,
    Integer promptTokens,
    Double cost,
    boolean keepAlive,
    CountDownLatch holdAfterFirstToken) {

  public enum Kind {
    /** A whole completion (or embeddings, on /embeddings). */
    OK,
    /** An HTTP error status with an OpenAI error body. */
    STATUS,
    /** HTTP 200 whose body is {"error": ...}, as OpenRouter sometimes answers. */
    OK_WITH_ERROR_BODY,
    /** The connection is closed without any response. */
    RESET,
    /** An event stream of the tokens (whatever the request asked for). */
    STREAM,
    /** A stream that sends {@code failAfterTokens} tokens, then an error event. */
    STREAM_ERROR_EVENT,
    /** A stream that sends {@code failAfterTokens} tokens, then drops the connection. */
    STREAM_DROP
  }

  public static Reply ok(String text) {
    return new Reply(Kind.OK, 200, null, List.of(text.split(" ")), null, Duration.ZERO, Duration.ZERO, 0, null, null,
        false, null);
  }

  public static Reply status(int status, String message) {
    return new Reply(Kind.STATUS, status, message, List.of(), null, Duration.ZERO, Duration.ZERO, 0, null, null, false,
        null);
  }

  public static Reply okWithErrorBody(int code, String message) {
    return new Reply(Kind.OK_WITH_ERROR_BODY, code, message, List.of(), null, Duration.ZERO, Duration.ZERO, 0, null,
        null, false, null);
  }

  public static Reply reset() {
    return new Reply(Kind.RESET, 0, null, List.of(), null, Duration.ZERO, Duration.ZERO, 0, null, null, false, null);
  }

  public static Reply stream(String... tokens) {
    return new Reply(Kind.STREAM, 200, null, List.of(tokens), null, Duration.ZERO, Duration.ZERO, 0, null, null, false,
        null);
  }

  /** A stream that sends {@code tokensFirst} tokens, then {@code data: {"error": {...}}}. */
  public static Reply streamErrorEvent(int tokensFirst, int code, String message, String... tokens) {
    return new Reply(Kind.STREAM_ERROR_EVENT, code, message, List.of(tokens), null, Duration.ZERO, Duration.ZERO,
        tokensFirst, null, null, false, null);
  }

  /** A stream that sends {@code tokensFirst} tokens, then drops the connection. */
  public static Reply streamDrop(int tokensFirst, String... tokens) {
    return new Reply(Kind.STREAM_DROP, 200, null, List.of(tokens), null, Duration.ZERO, Duration.ZERO, tokensFirst,
        null, null, false, null);
  }

  public Reply withRetryAfter(int seconds) {
    return new Reply(kind, status, message, tokens, seconds, delay, interval, failAfterTokens, promptTokens, cost,
        keepAlive, holdAfterFirstToken);
  }

  /** Waits this long before answering at all (to push a call past its timeout). */
  public Reply withDelay(Duration delay) {
    return new Reply(kind, status, message, tokens, retryAfterSeconds, delay, interval, failAfterTokens, promptTokens,
        cost, keepAlive, holdAfterFirstToken);
  }

  /** Waits this long between streamed tokens. */
  public Reply withInterval(Duration interval) {
    return new Reply(kind, status, message, tokens, retryAfterSeconds, delay, interval, failAfterTokens, promptTokens,
        cost, keepAlive, holdAfterFirstToken);
  }

  public Reply withPromptTokens(int promptTokens) {
    return new Reply(kind, status, message, tokens, retryAfterSeconds, delay, interval, failAfterTokens, promptTokens,
        cost, keepAlive, holdAfterFirstToken);
  }

  /** Adds OpenRouter's {@code usage.cost} (USD) to the usage object. */
  public Reply withCost(double cost) {
    return new Reply(kind, status, message, tokens, retryAfterSeconds, delay, interval, failAfterTokens, promptTokens,
        cost, keepAlive, holdAfterFirstToken);
  }

  /** Sends OpenRouter's keep-alive comment before the first token. */
  public Reply withKeepAlive() {
    return new Reply(kind, status, message, tokens, retryAfterSeconds, delay, interval, failAfterTokens, promptTokens,
        cost, true, holdAfterFirstToken);
  }

  /** After the first token, waits until the latch opens: proves the gateway does not buffer. */
  public Reply holdingAfterFirstToken(CountDownLatch latch) {
    return new Reply(kind, status, message, tokens, retryAfterSeconds, delay, interval, failAfterTokens, promptTokens,
        cost, keepAlive, latch);
  }
}
