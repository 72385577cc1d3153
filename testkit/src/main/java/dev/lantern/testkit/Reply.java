package dev.lantern.testkit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * What {@link FakeOpenAi} answers to one call. Build with the static factories and refine with
 * the {@code with...} methods, each of which returns a changed copy.
 */
public final class Reply {
  public enum Kind {
    /** A whole completion (or embeddings, on /embeddings). */
    OK,
    /** An HTTP error status with an OpenAI error body. */
    STATUS,
    /** HTTP 200 whose body is {"error": ...}, as OpenRouter sometimes answers. */
    OK_WITH_ERROR_BODY,
    /** Any status with exactly the given body. */
    RAW,
    /** The connection is closed without any response. */
    RESET,
    /** An event stream of the tokens (whatever the request asked for). */
    STREAM,
    /** A stream that sends {@code failAfterTokens} tokens, then an error event. */
    STREAM_ERROR_EVENT,
    /** A stream that sends {@code failAfterTokens} tokens, then drops the connection. */
    STREAM_DROP,
    /** HTTP 200, an event stream with no events at all. */
    STREAM_EMPTY,
    /** A stream that sends {@code failAfterTokens} tokens, then ends cleanly: no finish, no [DONE]. */
    STREAM_CUT,
    /** A complete stream (finish reason and all) that never sends [DONE]. */
    STREAM_NO_DONE,
    /** Tool calls (finish reason tool_calls), whole or streamed as the request asks. */
    TOOL_CALLS
  }

  /** One scripted tool call: the function name and its arguments exactly as the model writes them. */
  public record Call(String name, String arguments) {}

  private final Kind kind;
  private final int status;
  private final String message;
  private final List<String> tokens;
  private final int failAfterTokens;
  private Integer retryAfterSeconds;
  private Duration delay = Duration.ZERO;
  private Duration interval = Duration.ZERO;
  private Integer promptTokens;
  private Double cost;
  private boolean keepAlive;
  private CountDownLatch holdAfterFirstToken;
  private List<Call> calls = List.of();
  private long[] rateLimits;
  private int cachedTokens;
  private int cacheWrites;
  private int reasoningTokens;

  private Reply(Kind kind, int status, String message, List<String> tokens, int failAfterTokens) {
    this.kind = kind;
    this.status = status;
    this.message = message;
    this.tokens = tokens;
    this.failAfterTokens = failAfterTokens;
  }

  public static Reply ok(String text) {
    return new Reply(Kind.OK, 200, null, List.of(text.split(" ")), 0);
  }

  /** The whole text, exactly (ok() splits on spaces into stream tokens). */
  public static Reply text(String text) {
    return new Reply(Kind.OK, 200, null, List.of(text), 0);
  }

  /** An assistant message that calls one tool. */
  public static Reply toolCall(String name, String arguments) {
    return toolCalls(new Call(name, arguments));
  }

  /** An assistant message that calls these tools, in this order. */
  public static Reply toolCalls(Call... calls) {
    Reply reply = new Reply(Kind.TOOL_CALLS, 200, null, List.of(), 0);
    reply.calls = List.of(calls);
    return reply;
  }

  public static Reply status(int status, String message) {
    return new Reply(Kind.STATUS, status, message, List.of(), 0);
  }

  public static Reply okWithErrorBody(int code, String message) {
    return new Reply(Kind.OK_WITH_ERROR_BODY, code, message, List.of(), 0);
  }

  /** Answers {@code status} with exactly this body (JSON or not). */
  public static Reply raw(int status, String body) {
    return new Reply(Kind.RAW, status, body, List.of(), 0);
  }

  public static Reply reset() {
    return new Reply(Kind.RESET, 0, null, List.of(), 0);
  }

  public static Reply stream(String... tokens) {
    return new Reply(Kind.STREAM, 200, null, List.of(tokens), 0);
  }

  /** A stream that sends {@code tokensFirst} tokens, then {@code data: {"error": {...}}}. */
  public static Reply streamErrorEvent(int tokensFirst, int code, String message, String... tokens) {
    return new Reply(Kind.STREAM_ERROR_EVENT, code, message, List.of(tokens), tokensFirst);
  }

  /** A stream that sends {@code tokensFirst} tokens, then drops the connection. */
  public static Reply streamDrop(int tokensFirst, String... tokens) {
    return new Reply(Kind.STREAM_DROP, 200, null, List.of(tokens), tokensFirst);
  }

  public static Reply emptyStream() {
    return new Reply(Kind.STREAM_EMPTY, 200, null, List.of(), 0);
  }

  /** A stream that sends {@code tokensFirst} tokens, then ends as if the answer were complete. */
  public static Reply streamCut(int tokensFirst, String... tokens) {
    return new Reply(Kind.STREAM_CUT, 200, null, List.of(tokens), tokensFirst);
  }

  public static Reply streamWithoutDone(String... tokens) {
    return new Reply(Kind.STREAM_NO_DONE, 200, null, List.of(tokens), 0);
  }

  public Reply withRetryAfter(int seconds) {
    Reply copy = copy();
    copy.retryAfterSeconds = seconds;
    return copy;
  }

  /** Waits this long before answering at all (to push a call past its timeout). */
  public Reply withDelay(Duration delay) {
    Reply copy = copy();
    copy.delay = delay;
    return copy;
  }

  /** Waits this long between streamed tokens. */
  public Reply withInterval(Duration interval) {
    Reply copy = copy();
    copy.interval = interval;
    return copy;
  }

  public Reply withPromptTokens(int promptTokens) {
    Reply copy = copy();
    copy.promptTokens = promptTokens;
    return copy;
  }

  /** Adds OpenRouter's {@code usage.cost} (USD) to the usage object. */
  public Reply withCost(double cost) {
    Reply copy = copy();
    copy.cost = cost;
    return copy;
  }

  /** Sends OpenRouter's keep-alive comment before the first token. */
  public Reply withKeepAlive() {
    Reply copy = copy();
    copy.keepAlive = true;
    return copy;
  }

  /** After the first token, waits until the latch opens: proves the gateway does not buffer. */
  public Reply holdingAfterFirstToken(CountDownLatch latch) {
    Reply copy = copy();
    copy.holdAfterFirstToken = latch;
    return copy;
  }

  /** Sends the provider's remaining-requests and remaining-tokens headers with the answer. */
  public Reply withRateLimits(long remainingRequests, long remainingTokens) {
    Reply copy = copy();
    copy.rateLimits = new long[] {remainingRequests, remainingTokens};
    return copy;
  }

  /** Reports this many prompt tokens as read from the provider's prompt cache. */
  public Reply withCachedTokens(int cachedTokens) {
    Reply copy = copy();
    copy.cachedTokens = cachedTokens;
    return copy;
  }

  /** Reports this many prompt tokens as written to the provider's prompt cache (Anthropic reports them). */
  public Reply withCacheWrites(int cacheWrites) {
    Reply copy = copy();
    copy.cacheWrites = cacheWrites;
    return copy;
  }

  /** Reports this many of the completion tokens as reasoning (thinking) tokens. */
  public Reply withReasoningTokens(int reasoningTokens) {
    Reply copy = copy();
    copy.reasoningTokens = reasoningTokens;
    return copy;
  }

  private Reply copy() {
    Reply copy = new Reply(kind, status, message, tokens, failAfterTokens);
    copy.retryAfterSeconds = retryAfterSeconds;
    copy.delay = delay;
    copy.interval = interval;
    copy.promptTokens = promptTokens;
    copy.cost = cost;
    copy.keepAlive = keepAlive;
    copy.holdAfterFirstToken = holdAfterFirstToken;
    copy.calls = calls;
    copy.rateLimits = rateLimits;
    copy.cachedTokens = cachedTokens;
    copy.cacheWrites = cacheWrites;
    copy.reasoningTokens = reasoningTokens;
    return copy;
  }

  List<Call> calls() {
    return calls;
  }

  /** {remaining requests, remaining tokens}, or null when the answer carries no rate-limit headers. */
  long[] rateLimits() {
    return rateLimits;
  }

  int cachedTokens() {
    return cachedTokens;
  }

  int cacheWrites() {
    return cacheWrites;
  }

  int reasoningTokens() {
    return reasoningTokens;
  }

  /** The prompt tokens the fake reports: as set, else 10. */
  int promptTokenCount() {
    return promptTokens == null ? 10 : promptTokens;
  }

  Kind kind() {
    return kind;
  }

  int status() {
    return status;
  }

  String message() {
    return message;
  }

  List<String> tokens() {
    return tokens;
  }

  int failAfterTokens() {
    return failAfterTokens;
  }

  Integer retryAfterSeconds() {
    return retryAfterSeconds;
  }

  Duration delay() {
    return delay;
  }

  Duration interval() {
    return interval;
  }

  Integer promptTokens() {
    return promptTokens;
  }

  Double cost() {
    return cost;
  }

  boolean keepAlive() {
    return keepAlive;
  }

  CountDownLatch holdAfterFirstToken() {
    return holdAfterFirstToken;
  }
}
