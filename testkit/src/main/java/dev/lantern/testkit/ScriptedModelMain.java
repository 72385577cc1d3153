package dev.lantern.testkit;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * A scripted model for long benchmark runs (bench/assistant.sh). Every user message gets a tool
 * call to {@code todo} with a 20-item list (about 2 KB of tool output, like a small kubectl
 * listing); every tool result gets a short text answer. Background review calls (their system
 * prompt asks for a review) get "nothing to save". Each request's prompt size is appended to a
 * log: {@code request <n> <kind> <prompt chars> <messages>}.
 *
 * <p>Usage: {@code ScriptedModelMain LOG_FILE}; prints the base URL, then serves until killed.
 */
public final class ScriptedModelMain {
  private ScriptedModelMain() {}

  public static void main(String[] args) throws Exception {
    Path log = Path.of(args[0]);
    AtomicInteger requests = new AtomicInteger();
    try (FakeOpenAi model = FakeOpenAi.start().withoutRecording();
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
      model.respondWith("bench", body -> {
        JsonNode messages = body.path("messages");
        String system = messages.path(0).path("content").asString("");
        String last = messages.path(messages.size() - 1).path("role").asString("");
        String kind = system.startsWith("You are reviewing") || system.startsWith("These messages are about")
            ? "review" : system.startsWith("Summarise") ? "summary" : last.equals("tool") ? "answer" : "call";
        synchronized (out) {
          out.println("request " + requests.incrementAndGet() + " " + kind + " " + promptChars(messages) + " "
              + messages.size());
        }
        return switch (kind) {
          case "review" -> Reply.text("nothing to save");
          case "summary" -> Reply.text("## Goal\nkeep the todo list current\n## Progress\nmany turns done\n"
              + "## Decisions\nnone\n## Next steps\ncontinue");
          case "answer" -> Reply.stream("Checked", " the", " list:", " all", " items", " are", " on", " track.");
          default -> Reply.toolCall("todo", todos(requests.get()));
        };
      });
      System.out.println(model.baseUrl("bench"));
      System.out.flush();
      new CountDownLatch(1).await();
    } catch (IOException e) {
      System.err.println("scripted model: " + e.getMessage());
      System.exit(1);
    }
  }

  private static long promptChars(JsonNode messages) {
    long chars = 0;
    for (JsonNode message : messages) {
      chars += message.path("content").asString("").length();
      for (JsonNode call : message.path("tool_calls")) {
        chars += call.path("function").path("arguments").asString("").length();
      }
    }
    return chars;
  }

  private static String todos(int seed) {
    StringBuilder json = new StringBuilder("{\"todos\":[");
    for (int i = 0; i < 20; i++) {
      json.append(i == 0 ? "" : ",").append("{\"id\":\"").append(i).append("\",\"content\":\"check deployment ")
          .append(seed).append('-').append(i).append(" in namespace demo and compare replicas with the spec\",")
          .append("\"status\":\"").append(i % 3 == 0 ? "completed" : "pending").append("\"}");
    }
    return json.append("]}").toString();
  }
}
