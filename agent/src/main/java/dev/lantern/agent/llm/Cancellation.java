package dev.lantern.agent.llm;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lets the user interrupt a turn from another thread. Whatever is in flight (a streaming model
 * response) registers itself so that {@link #cancel()} closes it at once instead of waiting for the
 * next token.
 */
public final class Cancellation {
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private volatile Closeable inFlight;

  public void cancel() {
    cancelled.set(true);
    closeInFlight();
  }

  public boolean isCancelled() {
    return cancelled.get();
  }

  /** Marks {@code resource} as in flight until the returned handle is closed. */
  public Registration register(Closeable resource) {
    inFlight = resource;
    if (cancelled.get()) {
      closeInFlight();
    }
    return () -> inFlight = null;
  }

  private void closeInFlight() {
    Closeable resource = inFlight;
    if (resource != null) {
      try {
        resource.close();
      } catch (IOException ignored) {
        // it is being abandoned anyway
      }
    }
  }

  /** Ends a {@link #register registration}. */
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }
}
