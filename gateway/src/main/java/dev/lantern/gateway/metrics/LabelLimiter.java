package dev.lantern.gateway.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Caps how many distinct values a client-controlled label can take. LiteLLM labels series by
 * client IP and user agent as sent; a client that varies them grows the registry without bound,
 * one of the ways its memory climbs to gigabytes. Past the cap, new values count as "other".
 */
final class LabelLimiter {
  static final String OTHER = "other";
  private static final int MAX_LENGTH = 100;

  private final int maxValues;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  LabelLimiter(int maxValues) {
    this.maxValues = maxValues;
  }

  String limit(String value) {
    if (value == null || value.isEmpty()) {
      return "None";
    }
    String cut = value.length() > MAX_LENGTH ? value.substring(0, MAX_LENGTH) : value;
    if (seen.contains(cut)) {
      return cut;
    }
    synchronized (this) { // the cap must hold under concurrent first sightings
      if (seen.size() >= maxValues) {
        return OTHER;
      }
      seen.add(cut);
      return cut;
    }
  }
}
