package dev.lantern.assistant.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.assistant.Assistant;
import dev.lantern.assistant.serve.AssistantServer;
import dev.lantern.assistant.serve.ServedAssistant;
import dev.lantern.common.json.Json;
import dev.lantern.testkit.FakeOpenAi;
import dev.lantern.testkit.NodeClient;
import dev.lantern.testkit.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The assistant as an OpenAI-compatible model on {@code assistant serve}, driven by the official
 * OpenAI Node SDK (as Open WebUI-like front ends would) and by plain HTTP, against the scripted model.
 */
class ApiServerTest {
  private static final String KEY = "api-key-for-tests-7f3a";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  Path dir;

  private FakeOpenAi model;
  private Assistant assistant;
  private AssistantServer server;
  private ServedAssistant served;

  @BeforeEach
  void start() throws Exception {
    model = FakeOpenAi.start();
    serve(Map.of("API_SERVER_ENABLED", "true", "API_SERVER_KEY", KEY));
  }

  @AfterEach
  void stop() {
    shutdown();
    model.close();
  }

  @Test
  void theOpenAiClientGetsTheAnswerOfAWholeTurnInWhichTheAssistantRanItsTools() throws Exception {
    model.script("m", Reply.toolCall("todo", "{}"), Reply.text("Nothing is planned yet."));

    JsonNode answer = NodeClient.run("openai-client.mjs", base(), KEY, "chat", "lantern-assistant");

    assertThat(answer.path("text").asString()).isEqualTo("Nothing is planned yet.");
    assertThat(answer.path("usage").path("total_tokens").asLong()).isPositive();
    assertThat(model.calls("m")).isEqualTo(2);
    JsonNode secondCall = model.received("m").get(1).body().path("messages");
    assertThat(secondCall.get(secondCall.size() - 1).path("role").asString()).as("the todo tool ran on the server")
        .isEqualTo("tool");
  }

  @Test
  void aStreamedTurnReachesTheSdkAsTextAndCarriesToolProgressWithoutBreakingIt() throws Exception {
    model.script("m", Reply.toolCall("todo", "{}"), Reply.stream("All ", "pods ", "are ", "fine."));

    JsonNode streamed = NodeClient.run("openai-client.mjs", base(), KEY, "stream", "lantern-assistant");

    assertThat(streamed.path("text").asString()).isEqualTo("All pods are fine.");
    assertThat(streamed.path("chunks").asInt()).isGreaterThan(4);

    model.script("m", Reply.toolCall("todo", "{}"), Reply.text("Done."));
    String raw = post(chatBody(false).replace("\"stream\":false", "\"stream\":true"), Map.of()).body();
    assertThat(raw).contains("\"tool_progress\":{\"id\"").contains("\"name\":\"todo\"")
        .contains("\"status\":\"started\"").contains("\"status\":\"done\"").endsWith("data: [DONE]\n\n");
  }

  @Test
  void modelsListsTheAssistantUnderItsConfiguredName() throws Exception {
    JsonNode models = NodeClient.run("openai-client.mjs", base(), KEY, "models");

    assertThat(models.path("ids")).hasSize(1);
    assertThat(models.path("ids").get(0).asString()).isEqualTo("lantern-assistant");
  }

  @Test
  void aWrongOrMissingKeyIsRefusedWithoutAnyModelCallAndTheKeyIsNeverEchoed() throws Exception {
    JsonNode refused = NodeClient.run("openai-client.mjs", base(), "wrong-" + KEY, "error", "lantern-assistant");
    HttpResponse<String> missing = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/chat/completions"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(chatBody(false))).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(refused.path("error").path("status").asInt()).isEqualTo(401);
    assertThat(refused.path("error").path("name").asString()).isEqualTo("AuthenticationError");
    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(missing.body()).contains("API_SERVER_KEY").doesNotContain(KEY);
    assertThat(model.calls("m")).isZero();
  }

  @Test
  void theSessionHeaderKeepsTheConversationOnTheServer() throws Exception {
    post(body("My name is Ada."), Map.of(ApiServlet.SESSION_HEADER, "laptop-1"));
    HttpResponse<String> second = post(body("What is my name?"), Map.of(ApiServlet.SESSION_HEADER, "laptop-1"));
    post(body("Who am I?"), Map.of(ApiServlet.SESSION_HEADER, "phone-2"));

    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.headers().firstValue(ApiServlet.SESSION_HEADER)).contains("laptop-1");
    assertThat(userTexts(1)).containsExactly("My name is Ada.", "What is my name?");
    assertThat(userTexts(2)).as("another session sees none of it").containsExactly("Who am I?");
  }

  @Test
  void aServerSideSessionKeepsItsSystemPromptFrozenAcrossRequests() throws Exception {
    post(body("first"), Map.of(ApiServlet.SESSION_HEADER, "frozen"));
    assistant.memory().add(dev.lantern.assistant.memory.MemoryStore.Target.MEMORY, "The NAS is at 10.0.0.9");
    post(body("second"), Map.of(ApiServlet.SESSION_HEADER, "frozen"));

    String firstPrompt = model.received("m").get(0).body().path("messages").get(0).path("content").asString();
    String secondPrompt = model.received("m").get(1).body().path("messages").get(0).path("content").asString();
    assertThat(secondPrompt).as("memory written mid-session shows from the next session, as in Hermes")
        .isEqualTo(firstPrompt).doesNotContain("10.0.0.9");
  }

  @Test
  void theUserFieldAlsoKeysASessionWhenThereIsNoHeader() throws Exception {
    post(withUser(body("I run k3s on three Pis."), "ada@example.com"), Map.of());
    post(withUser(body("How many nodes do I have?"), "ada@example.com"), Map.of());
    post(withUser(body("And me?"), "bob@example.com"), Map.of());

    assertThat(userTexts(1)).containsExactly("I run k3s on three Pis.", "How many nodes do I have?");
    assertThat(userTexts(2)).containsExactly("And me?");
  }

  @Test
  void withoutASessionTheClientsMessagesAreTheConversationAndItsSystemPromptIsLayeredOnTheAssistants()
      throws Exception {
    String body = """
        {"model":"anything","messages":[
          {"role":"system","content":"Answer in French."},
          {"role":"user","content":"first question"},
          {"role":"assistant","content":"first answer"},
          {"role":"user","content":[{"type":"text","text":"second question"}]}]}""";

    HttpResponse<String> answer = post(body, Map.of());

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonNode sent = model.received("m").getFirst().body().path("messages");
    assertThat(sent.get(0).path("role").asString()).isEqualTo("system");
    assertThat(sent.get(0).path("content").asString()).contains("Answer in French.").contains("memory");
    assertThat(List.of(sent.get(1).path("content").asString(), sent.get(2).path("content").asString(),
        sent.get(3).path("content").asString())).containsExactly("first question", "first answer", "second question");
    assertThat(Json.MAPPER.readTree(answer.body()).path("choices").get(0).path("message").path("content").asString())
        .isNotBlank();
  }

  @Test
  void mistakesInTheBodyGetAClearClientErrorAndCauseNoModelCall() throws Exception {
    Map<String, String> mistakes = Map.of(
        "{\"messages\": [", "not valid JSON",
        "{\"model\":\"m\"}", "'messages' must be a non-empty array",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"yo\"}]}",
        "the last message must be the user's",
        "{\"messages\":[{\"role\":\"tool\",\"content\":\"x\"},{\"role\":\"user\",\"content\":\"hi\"}]}",
        "runs its own tools",
        "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"x\"}}]}]}",
        "unsupported_content_type",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":\"yes\"}", "'stream' must be true or false",
        "[1,2]", "must be a JSON object");
    for (Map.Entry<String, String> mistake : mistakes.entrySet()) {
      HttpResponse<String> response = post(mistake.getKey(), Map.of());
      assertThat(response.statusCode()).as(mistake.getKey()).isEqualTo(400);
      assertThat(response.body()).as(mistake.getKey()).contains(mistake.getValue());
    }
    HttpResponse<String> badSession = post(body("hi"), Map.of(ApiServlet.SESSION_HEADER, "a b/../c"));
    // As curl does for big bodies: the 413 comes before the upload, so the client always reads it.
    HttpResponse<String> huge = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/chat/completions"))
        .header("Authorization", "Bearer " + KEY).expectContinue(true)
        .POST(HttpRequest.BodyPublishers.ofString(body("x".repeat(ApiServlet.MAX_BODY)))).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(badSession.statusCode()).isEqualTo(400);
    assertThat(huge.statusCode()).isEqualTo(413);
    assertThat(model.calls("m")).isZero();
  }

  @Test
  void theApiIsOffUnlessEnabledAndSaysHowToTurnItOn() throws Exception {
    shutdown();
    serve(Map.of());

    HttpResponse<String> off = post(body("hi"), Map.of());

    assertThat(off.statusCode()).isEqualTo(404);
    assertThat(off.body()).contains("API_SERVER_ENABLED=true");
    assertThat(model.calls("m")).isZero();
  }

  private List<String> userTexts(int call) {
    JsonNode messages = model.received("m").get(call).body().path("messages");
    return java.util.stream.StreamSupport.stream(messages.spliterator(), false)
        .filter(m -> m.path("role").asString().equals("user")).map(m -> m.path("content").asString()).toList();
  }

  private static String body(String text) {
    return Json.MAPPER.writeValueAsString(Json.object().put("model", "lantern-assistant")
        .set("messages", Json.MAPPER.createArrayNode().add(Json.object().put("role", "user").put("content", text))));
  }

  private static String withUser(String body, String user) throws Exception {
    return Json.MAPPER.writeValueAsString(((tools.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(body))
        .put("user", user));
  }

  private static String chatBody(boolean stream) {
    return "{\"model\":\"lantern-assistant\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\","
        + "\"content\":\"status?\"}]}";
  }

  private HttpResponse<String> post(String body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + "/chat/completions"))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + KEY)
        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String base() {
    return server.uri() + "/v1";
  }

  private void serve(Map<String, String> env) throws Exception {
    served = ServedAssistant.start(dir, model, env);
    assistant = served.assistant();
    server = served.server();
  }

  private void shutdown() {
    if (served != null) {
      served.close();
      served = null;
    }
  }
}
