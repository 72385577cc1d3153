package dev.lantern.gateway.http;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the bytes of large request bodies held at once. A body lives several times over while a
 * call runs (the bytes, the parsed tree, the copy sent upstream), so a few maximum-size bodies at
 * once would exhaust a small heap and take the whole gateway down with them. Past the budget, a
 * large request waits a little, then gets 503 with Retry-After; small requests never wait.
 */
final class BodyBudget {
  /** Bodies below this are not counted: chat requests are almost all this small. */
  static final int SMALL = 256 * 1024;
  private static final long WAIT_MILLIS = 5_000;

  private final Semaphore bytes;
  private final int total;

  BodyBudget(long totalBytes) {
    this.total = (int) Math.min(Integer.MAX_VALUE, Math.max(totalBytes, SMALL));
    this.bytes = new Semaphore(total, true);
  }

  /**
   * Room for a body of the declared length. A body of unknown length (chunked) gets its room as
   * it arrives ({@link Permit#grow}), so that an upload that stalls holds only what it has sent,
   * not the largest body allowed, and cannot keep other large requests waiting.
   *
   * @throws ApiError 503 when the room does not free up in time
   */
  Permit reserve(long declared, long maxRequestBytes) {
    if (declared < 0) {
      return new Growing();
    }
    if (declared < SMALL || declared > maxRequestBytes) {
      // Small, or about to be refused with 413 before anything is read.
      return Permit.NONE;
    }
    int permits = (int) Math.min(declared, total);
    acquire(permits);
    return () -> bytes.release(permits);
  }

  private void acquire(int permits) {
    try {
      if (!bytes.tryAcquire(permits, WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
        throw busy();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw busy();
    }
  }

  private static ApiError busy() {
    return new ApiError(503, "api_error", null, "503",
        "The gateway is busy with other large requests; retry in a moment.");
  }

  /** Room held for one request; released when the request is done. */
  @FunctionalInterface
  interface Permit extends AutoCloseable {
    Permit NONE = () -> { };

    /** The body has reached {@code bytes} so far: hold room for that much (in SMALL steps). */
    default void grow(long bytes) {
      // a body of known length has its room already
    }

    @Override
    void close();
  }

  /** Room for a chunked body, taken a step at a time as its bytes arrive. */
  private final class Growing implements Permit {
    private int held;

    @Override
    public synchronized void grow(long received) {
      if (received < SMALL) {
        return;
      }
      long steps = (received + SMALL - 1) / SMALL;
      int wanted = (int) Math.min(steps * SMALL, total);
      if (wanted > held) {
        acquire(wanted - held);
        held = wanted;
      }
    }

    @Override
    public synchronized void close() {
      bytes.release(held);
      held = 0;
    }
  }
}
