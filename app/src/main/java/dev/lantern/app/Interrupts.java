package dev.lantern.app;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C interrupts the turn instead of killing the JVM, while a turn runs. The JDK has no public
 * API for SIGINT; {@code sun.misc.Signal} (module jdk.unsupported) is the supported way to do it.
 */
final class Interrupts implements AutoCloseable {
  private final SignalHandler previous;

  private Interrupts(SignalHandler previous) {
    this.previous = previous;
  }

  static Interrupts onCtrlC(Runnable action) {
    try {
      return new Interrupts(Signal.handle(new Signal("INT"), signal -> action.run()));
    } catch (IllegalArgumentException unsupported) {
      return new Interrupts(null); // no SIGINT on this platform: Ctrl-C ends the process as usual
    }
  }

  @Override
  public void close() {
    if (previous != null) {
      Signal.handle(new Signal("INT"), previous);
    }
  }
}
