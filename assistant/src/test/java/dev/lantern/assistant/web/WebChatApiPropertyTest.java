package dev.lantern.assistant.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.agent.llm.Message;
import dev.lantern.assistant.serve.ServedAssistant;
import dev.lantern.common.json.Json;
import dev.lantern.testkit.FakeOpenAi;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.databind.JsonNode;

/**
 * Any path, session id or query under {@code /api}, with the key: a 200 or a 4xx in OpenAI's
 * error shape, never a 500, and the conversation already stored is still there after all of it.
 */
class WebChatApiPropertyTest {
  private static final String KEY = "web-property-key-5d1c";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static FakeOpenAi model;
  private static ServedAssistant served;
  private static String stored;

  @BeforeContainer
  static void start() throws Exception {
    model = FakeOpenAi.start();
    served = ServedAssistant.start(Files.createTempDirectory("web-property"), model,
        java.util.Map.of("API_SERVER_ENABLED", "true", "API_SERVER_KEY", KEY));
    stored = served.assistant().sessions().startSession("api:web-p", "m");
    served.assistant().sessions().appendTurn(stored, List.of(Message.user("the NAS is at 10.0.0.9"),
        Message.assistant("Noted.")));
  }

  @AfterContainer
  static void stop() {
    served.close();
    model.close();
  }

  @Property(tries = 300)
  void everyReadAnswersWithA200OrAShaped4xx(@ForAll("routes") String route, @ForAll("values") String value)
      throws Exception {
    String path = switch (route) {
      case "limit" -> "/api/sessions?limit=" + encode(value);
      case "search" -> "/api/sessions/search?q=" + encode(value);
      case "session" -> "/api/sessions/" + encode(value);
      default -> "/api/" + encode(value);
    };
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(served.uri() + path))
        .header("Authorization", "Bearer " + KEY).GET().build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as(path + " → " + response.body()).isIn(200, 400, 404);
    JsonNode body = Json.MAPPER.readTree(response.body());
    if (response.statusCode() != 200) {
      assertThat(body.path("error").path("message").asString()).as(path).isNotBlank();
    }
    assertThat(served.assistant().sessions().messages(stored)).hasSize(2);
  }

  @Provide
  Arbitrary<String> routes() {
    return Arbitraries.of("limit", "search", "session", "other");
  }

  @Provide
  Arbitrary<String> values() {
    return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(600),
        Arbitraries.strings().withChars("0123456789-abcdef\"'*()»«%./\\").ofMaxLength(80),
        Arbitraries.integers().map(String::valueOf), Arbitraries.of("", "NAS", "NOT nas", "\"", "*", stored()));
  }

  private static String stored() {
    return stored == null ? "x" : stored;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
