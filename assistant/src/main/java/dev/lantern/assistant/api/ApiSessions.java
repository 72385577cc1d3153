package dev.lantern.assistant.api;

import dev.lantern.agent.tool.Tool;
import dev.lantern.assistant.Assistant;
import dev.lantern.assistant.ChatSession;
import dev.lantern.assistant.tools.Clarifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The conversations the server keeps for API clients that name one (a session header or the
 * {@code user} field). The most recently used stay in memory; an evicted one ends its row and is
 * resumed from state.db on its next request, so the bound costs a reload, never the history.
 */
final class ApiSessions {
  static final int IN_MEMORY = 64;

  private final Assistant assistant;
  private final Function<String, List<Tool>> tools;
  private final Map<String, ChatSession> recent = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, ChatSession> eldest) {
      if (size() > IN_MEMORY) {
        eldest.getValue().end();
        return true;
      }
      return false;
    }
  };

  ApiSessions(Assistant assistant, Function<String, List<Tool>> tools) {
    this.assistant = assistant;
    this.tools = tools;
  }

  /** The session for {@code source}: in memory, else resumed from state.db, else started. */
  synchronized ChatSession get(String source) {
    return recent.computeIfAbsent(source, key -> assistant.resumeSession(key, Clarifier.NOBODY, tools.apply(key))
        .orElseGet(() -> assistant.startSession(key, Clarifier.NOBODY, tools.apply(key))));
  }

  /** A one-request session for a client that keeps the history itself. */
  ChatSession oneOff() {
    return assistant.startSession("api", Clarifier.NOBODY, tools.apply("api"));
  }

  synchronized void close() {
    recent.values().forEach(ChatSession::end);
    recent.clear();
  }
}
