package dev.lantern.testkit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * What a scripted fake upstream keeps per deployment: the queue of {@link Reply replies} still to
 * give, an optional responder for calls no script covers, and the calls it received.
 */
final class Scripts {
  private final Map<String, Deque<Reply>> queued = new ConcurrentHashMap<>();
  private final Map<String, List<Received>> received = new ConcurrentHashMap<>();
  private final Map<String, Function<JsonNode, Reply>> responders = new ConcurrentHashMap<>();
  private volatile boolean recording = true;

  void add(String deployment, Reply... replies) {
    Deque<Reply> queue = queued.computeIfAbsent(deployment, d -> new ArrayDeque<>());
    synchronized (queue) {
      Collections.addAll(queue, replies);
    }
  }

  void respondWith(String deployment, Function<JsonNode, Reply> responder) {
    responders.put(deployment, responder);
  }

  void stopRecording() {
    recording = false;
  }

  void record(String deployment, Received call) {
    if (recording) {
      received.computeIfAbsent(deployment, d -> Collections.synchronizedList(new ArrayList<>())).add(call);
    }
  }

  List<Received> received(String deployment) {
    return List.copyOf(received.getOrDefault(deployment, List.of()));
  }

  int calls(String deployment) {
    return received.getOrDefault(deployment, List.of()).size();
  }

  /** The next scripted reply, else the responder's, else {@code fallback}'s. */
  Reply next(String deployment, JsonNode body, Function<JsonNode, Reply> fallback) {
    Deque<Reply> queue = queued.get(deployment);
    if (queue != null) {
      synchronized (queue) {
        Reply reply = queue.poll();
        if (reply != null) {
          return reply;
        }
      }
    }
    Function<JsonNode, Reply> responder = responders.get(deployment);
    return responder != null ? responder.apply(body) : fallback.apply(body);
  }

  void clear() {
    queued.clear();
    responders.clear();
    received.clear();
  }
}
