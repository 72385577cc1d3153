package dev.lantern.gateway.routing;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What one client request has been through on its way: retries, fallbacks, the groups visited
 * and the time spent waiting on upstreams. Used by one request thread at a time.
 */
public final class CallContext {
  private final String callId;
  private final String requestedGroup;
  private final Caller caller;
  private final long startNanos;
  private final Set<String> visited = new LinkedHashSet<>();
  private final Map<String, String> groupFailures = new LinkedHashMap<>();
  private int retries;
  private int fallbacks;
  private long upstreamNanos;
  private long backoffNanos;
  private long promptTokens;
  private boolean tools;
  private long queueNanos;

  public CallContext(String callId, String requestedGroup, Caller caller, long startNanos) {
    this.callId = callId;
    this.requestedGroup = requestedGroup;
    this.caller = caller;
    this.startNanos = startNanos;
  }

  /** What the request needs of a deployment, for the pre-call checks: an estimate of its prompt, and tools. */
  public void needs(long estimatedPromptTokens, boolean usesTools) {
    this.promptTokens = estimatedPromptTokens;
    this.tools = usesTools;
  }

  /** How long the request waited before routing began: arrival to here (reading, auth, checks). */
  public void routingStarts(long arrivalNanos, long nowNanos) {
    this.queueNanos = Math.max(0, nowNanos - arrivalNanos);
  }

  public long queueNanos() {
    return queueNanos;
  }

  public long promptTokens() {
    return promptTokens;
  }

  public boolean usesTools() {
    return tools;
  }

  public String callId() {
    return callId;
  }

  public String requestedGroup() {
    return requestedGroup;
  }

  public Caller caller() {
    return caller;
  }

  public long startNanos() {
    return startNanos;
  }

  public int retries() {
    return retries;
  }

  public int fallbacks() {
    return fallbacks;
  }

  /** The gateway's own time so far: elapsed minus upstream waits and retry back-offs. */
  public long overheadNanos(long nowNanos) {
    return Math.max(0, nowNanos - startNanos - upstreamNanos - backoffNanos);
  }

  public void addUpstreamNanos(long nanos) {
    upstreamNanos += nanos;
  }

  boolean visit(String group) {
    return visited.add(group);
  }

  boolean visited(String group) {
    return visited.contains(group);
  }

  /** Why each group tried so far failed on its own (before its fallbacks), in the order tried. */
  Map<String, String> groupFailures() {
    return groupFailures;
  }

  void groupFailed(String group, String message) {
    groupFailures.putIfAbsent(group, message);
  }

  void countRetry() {
    retries++;
  }

  void countFallback() {
    fallbacks++;
  }

  void addBackoff(long nanos) {
    backoffNanos += nanos;
  }
}
