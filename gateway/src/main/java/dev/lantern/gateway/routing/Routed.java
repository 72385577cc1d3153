package dev.lantern.gateway.routing;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The result of a routed call and the deployment that served it. The call counts as in flight on
 * that deployment (for least-busy and max_parallel_requests) until {@link #close()}: for a stream,
 * that is when the last event has been relayed, not when the first arrived.
 */
public final class Routed<T> implements AutoCloseable {
  private final T value;
  private final Target target;
  private final long attemptStartNanos;
  private final AtomicBoolean closed = new AtomicBoolean();

  Routed(T value, Target target, long attemptStartNanos) {
    this.value = value;
    this.target = target;
    this.attemptStartNanos = attemptStartNanos;
  }

  public T value() {
    return value;
  }

  public Deployment deployment() {
    return target.deployment();
  }

  /** The deployment and the model that served. */
  public Target target() {
    return target;
  }

  /** The model group that served: the requested one, or a fallback. */
  public String group() {
    return target.group();
  }

  /** When the successful attempt began (System.nanoTime), for latency and time to first token. */
  public long attemptStartNanos() {
    return attemptStartNanos;
  }

  /** Ends the call's hold on its deployment; safe to call more than once. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      target.deployment().end();
    }
  }
}
