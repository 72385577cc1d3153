package dev.lantern.gateway.routing;

/**
 * A count per clock minute, for a deployment's {@code rpm} and {@code tpm} limits. LiteLLM keys
 * its usage counters by minute the same way, so the limits behave as LiteLLM users expect.
 */
final class MinuteWindow {
  private final long limit;
  private long minute = Long.MIN_VALUE;
  private long used;

  /** @param limit the most per minute, or 0 for none */
  MinuteWindow(long limit) {
    this.limit = limit;
  }

  synchronized boolean hasRoom(long nowMillis) {
    roll(nowMillis);
    return limit == 0 || used < limit;
  }

  /** Takes one unit if there is room this minute; check and take are one step. */
  synchronized boolean tryTake(long nowMillis) {
    roll(nowMillis);
    if (limit != 0 && used >= limit) {
      return false;
    }
    used++;
    return true;
  }

  synchronized void add(long nowMillis, long amount) {
    roll(nowMillis);
    used += amount;
  }

  private void roll(long nowMillis) {
    long current = nowMillis / 60_000;
    if (current != minute) {
      minute = current;
      used = 0;
    }
  }
}
