package dev.lantern.assistant.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.agent.llm.Message;
import dev.lantern.agent.llm.ToolCall;
import dev.lantern.assistant.memory.MemoryStore;
import dev.lantern.assistant.serve.ServedAssistant;
import dev.lantern.common.json.Json;
import dev.lantern.testkit.FakeOpenAi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** What the web chat reads beside the OpenAI API: sessions, one transcript, search and memory. */
class WebChatApiTest {
  private static final String KEY = "web-api-key-for-tests-2b7e";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  Path dir;
  private FakeOpenAi model;
  private ServedAssistant served;

  @BeforeEach
  void start() throws Exception {
    model = FakeOpenAi.start();
    served = ServedAssistant.start(dir, model, Map.of("API_SERVER_ENABLED", "true", "API_SERVER_KEY", KEY));
  }

  @AfterEach
  void stop() {
    if (served != null) {
      served.close();
    }
    model.close();
  }

  @Test
  void theListShowsNewestFirstAndOnlyApiSessionsCanBeCarriedOnFromTheWeb() throws Exception {
    String telegram = conversation("telegram:42", "is the backup done?", "Yes.");
    String web = conversation("api:web-1a2b", "how full is the disk?", "71 %.");

    JsonNode sessions = get("/api/sessions").path("sessions");

    assertThat(sessions).hasSize(2);
    assertThat(sessions.get(0).path("id").asString()).isEqualTo(web);
    assertThat(sessions.get(0).path("continue_with").asString()).isEqualTo("web-1a2b");
    assertThat(sessions.get(0).path("title").asString()).isEqualTo("how full is the disk?");
    assertThat(sessions.get(1).path("id").asString()).isEqualTo(telegram);
    assertThat(sessions.get(1).path("continue_with").isNull()).isTrue();
    assertThat(get("/api/sessions?limit=1").path("sessions")).hasSize(1);
  }

  @Test
  void aTranscriptCarriesToolCallsAndTheirResultsButNeverTheSystemPrompt() throws Exception {
    String id = served.assistant().sessions().startSession("api:web-x", "m");
    ToolCall call = new ToolCall("call_1", "todo", "{}");
    served.assistant().sessions().appendTurn(id, List.of(Message.system("secret system prompt"),
        Message.user("what is planned?"), Message.assistant("", List.of(call)),
        Message.toolResult(call, "x".repeat(5_000)), Message.assistant("Nothing yet.")));

    JsonNode transcript = get("/api/sessions/" + id);

    JsonNode messages = transcript.path("messages");
    assertThat(messages.toString()).doesNotContain("secret system prompt");
    assertThat(messages).hasSize(4);
    assertThat(messages.get(1).path("tool_calls").get(0).path("name").asString()).isEqualTo("todo");
    assertThat(messages.get(2).path("tool_call_id").asString()).isEqualTo("call_1");
    assertThat(messages.get(2).path("content").asString()).as("tool output is previewed").hasSizeLessThan(2_100);
    assertThat(messages.get(3).path("content").asString()).isEqualTo("Nothing yet.");
    assertThat(transcript.path("omitted").asInt()).isZero();
  }

  @Test
  void searchFindsWordsInEveryConversationAndMemoryShowsBothFiles() throws Exception {
    conversation("telegram:42", "the NAS is at 10.0.0.9", "Noted.");
    served.assistant().memory().add(MemoryStore.Target.USER, "Prefers short answers");

    JsonNode hits = get("/api/sessions/search?q=nas").path("hits");
    JsonNode memory = get("/api/memory");

    assertThat(hits).hasSize(1);
    assertThat(hits.get(0).path("snippet").asString()).contains("»NAS«");
    assertThat(memory.path("user").path("entries").get(0).asString()).isEqualTo("Prefers short answers");
    assertThat(memory.path("memory").path("entries")).isEmpty();
    assertThat(memory.path("user").path("usage").asString()).contains("/1,375 chars");
  }

  @Test
  void everyReadWantsTheKeyAndTheKeyIsNeverEchoed() throws Exception {
    for (String path : List.of("/api/sessions", "/api/sessions/search?q=x", "/api/memory", "/api/sessions/abc")) {
      HttpResponse<String> none = send(HttpRequest.newBuilder(uri(path)).GET());
      HttpResponse<String> wrong = send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + KEY + "x")
          .GET());
      assertThat(none.statusCode()).as(path).isEqualTo(401);
      assertThat(wrong.statusCode()).as(path).isEqualTo(401);
      assertThat(wrong.body()).contains("API_SERVER_KEY").doesNotContain(KEY);
    }
  }

  @Test
  void mistakesGetAClearClientError() throws Exception {
    Map<String, String> mistakes = Map.of(
        "/api/sessions?limit=abc", "'limit' must be a whole number from 1 to 200",
        "/api/sessions?limit=0", "'limit' must be",
        "/api/sessions?limit=201", "'limit' must be",
        "/api/sessions/search", "'q' must be 1 to 500 characters",
        "/api/sessions/search?q=" + "a".repeat(501), "'q' must be",
        "/api/sessions/20260101-000000-abcd", "no session '20260101-000000-abcd'",
        "/api/sessions/..etc;x", "no session",
        "/api/nothing", "no route GET /api/nothing");
    for (Map.Entry<String, String> mistake : mistakes.entrySet()) {
      HttpResponse<String> response = send(authorized(mistake.getKey()).GET());
      assertThat(response.statusCode()).as(mistake.getKey()).isBetween(400, 404);
      assertThat(Json.MAPPER.readTree(response.body()).path("error").path("message").asString()).as(mistake.getKey())
          .contains(mistake.getValue());
    }
    HttpResponse<String> post = send(authorized("/api/sessions").POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(post.statusCode()).isEqualTo(405);
  }

  @Test
  void thePageIsServedWithAPolicyThatRunsOnlyItsOwnScriptsAndTheReadsAreOffWithTheApi() throws Exception {
    served.close();
    served = ServedAssistant.start(dir, model, Map.of());

    HttpResponse<String> page = send(HttpRequest.newBuilder(uri("/")).GET());
    HttpResponse<String> markdown = send(HttpRequest.newBuilder(uri("/lantern-ui/markdown.js")).GET());
    HttpResponse<String> off = send(HttpRequest.newBuilder(uri("/api/sessions")).header("Authorization", "Bearer x").GET());

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<script src=\"/app.js\"></script>");
    assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString()
        .contains("script-src 'self';");
    assertThat(markdown.body()).contains("window.LanternMarkdown");
    assertThat(off.statusCode()).isEqualTo(404);
    assertThat(off.body()).contains("API_SERVER_ENABLED=true");
  }

  private String conversation(String source, String question, String answer) {
    String id = served.assistant().sessions().startSession(source, "m");
    served.assistant().sessions().appendTurn(id, List.of(Message.user(question), Message.assistant(answer)));
    return id;
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> response = send(authorized(path).GET());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.MAPPER.readTree(response.body());
  }

  private HttpRequest.Builder authorized(String path) {
    return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + KEY);
  }

  private URI uri(String path) {
    return URI.create(served.uri() + path);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
