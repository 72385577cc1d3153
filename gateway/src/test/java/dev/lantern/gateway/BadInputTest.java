package dev.lantern.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.common.json.Json;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** A client's mistakes get a clear 4xx in OpenAI's shape, never a 500, and the gateway keeps serving. */
class BadInputTest {
  private static GatewayHarness harness;

  @BeforeAll
  static void start() {
    harness = GatewayHarness.start("""
        model_list:
          - model_name: free
            litellm_params: {model: openai/free-model, api_base: "${free}"}
          - model_name: cheap
            litellm_params: {model: openai/cheap-model, api_base: "${cheap}"}
        general_settings:
          max_request_size_mb: 1
        """);
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  private static JsonNode error(HttpResponse<String> response) {
    JsonNode body = Json.MAPPER.readTree(response.body());
    assertThat(body.path("error").path("message").isString()).as(response.body()).isTrue();
    return body.path("error");
  }

  @Test
  void malformedJsonSaysWhereItBroke() throws Exception {
    HttpResponse<String> response = harness.post("/v1/chat/completions", "{\"model\": \"free\", \"messages\": [");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(error(response).path("message").asString()).contains("not valid JSON", "line 1");
  }

  @Test
  void unknownModelIs404AndNamesTheAvailableModels() throws Exception {
    HttpResponse<String> response = harness.post("/v1/chat/completions", GatewayHarness.chat("gpt-7", false));

    assertThat(response.statusCode()).isEqualTo(404);
    JsonNode error = error(response);
    assertThat(error.path("message").asString()).contains("gpt-7", "free", "cheap");
    assertThat(error.path("code").asString()).isEqualTo("model_not_found");
  }

  @Test
  void missingModelNamesTheAvailableModels() throws Exception {
    HttpResponse<String> response = harness.post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(error(response).path("message").asString()).contains("'model'", "free, cheap");
  }

  @Test
  void bodyOverTheLimitIs413() throws Exception {
    String huge = "{\"model\":\"free\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(1_100_000) + "\"}]}";

    HttpResponse<String> response = harness.post("/v1/chat/completions", huge);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(error(response).path("message").asString()).contains("max_request_size_mb");
  }

  @Test
  void bodyOverTheLimitWithoutContentLengthIs413Too() throws Exception {
    byte[] huge = ("{\"model\":\"free\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(1_100_000) + "\"}]}")
        .getBytes(StandardCharsets.UTF_8);
    HttpRequest request = HttpRequest.newBuilder(harness.uri("/v1/chat/completions"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge)))
        .build();

    HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(413);
  }

  @Test
  void wrongContentTypeIs415() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(harness.uri("/v1/chat/completions"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("model=free"))
        .build();

    HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(error(response).path("message").asString()).contains("application/json");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "\"temperature\": 1e308 | temperature",
      "\"temperature\": \"hot\" | temperature",
      "\"max_tokens\": -5 | max_tokens",
      "\"max_tokens\": 1.5 | max_tokens",
      "\"n\": 1000000000 | n",
      "\"top_p\": 7 | top_p",
      "\"stream\": \"yes\" | stream",
      "\"stop\": [1, 2] | stop",
      "\"tools\": {} | tools",
      "\"stream_options\": 3 | stream_options"})
  void absurdParameterValuesAreRefusedNamingTheParameter(String parameter, String name) throws Exception {
    String body = "{\"model\":\"free\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]," + parameter + "}";
    int upstreamCallsBefore = harness.upstream.calls("free");

    HttpResponse<String> response = harness.post("/v1/chat/completions", body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(error(response).path("param").asString()).isEqualTo(name);
    assertThat(harness.upstream.calls("free")).as("refused before any upstream call").isEqualTo(upstreamCallsBefore);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "{\"model\":\"free\"} | messages",
      "{\"model\":\"free\",\"messages\":[]} | messages",
      "{\"model\":\"free\",\"messages\":\"hi\"} | messages",
      "{\"model\":\"free\",\"messages\":[{\"content\":\"x\"}]} | messages[0].role",
      "{\"model\":42,\"messages\":[]} | model"})
  void malformedMessagesAreRefused(String body, String param) throws Exception {
    HttpResponse<String> response = harness.post("/v1/chat/completions", body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(error(response).path("param").asString()).isEqualTo(param);
  }

  @Test
  void nonObjectBodiesAreRefused() throws Exception {
    for (String body : new String[] {"[]", "42", "\"text\"", "null", "", "   "}) {
      HttpResponse<String> response = harness.post("/v1/chat/completions", body);
      assertThat(response.statusCode()).as(body).isEqualTo(400);
      error(response);
    }
  }

  @Test
  void deeplyNestedJsonIsRefusedNotACrash() throws Exception {
    String nested = "[".repeat(5000) + "]".repeat(5000);
    HttpResponse<String> response = harness.post("/v1/chat/completions",
        "{\"model\":\"free\",\"messages\":[{\"role\":\"user\",\"content\":" + nested + "}]}");

    assertThat(response.statusCode()).isEqualTo(400);
  }

  @Test
  void unknownRouteIs404AndWrongMethodIs405() throws Exception {
    HttpResponse<String> unknown = harness.get("/v1/completions/nope");
    HttpResponse<String> wrongMethod = harness.get("/v1/chat/completions");

    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(error(unknown).path("message").asString()).contains("/v1/chat/completions");
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.headers().firstValue("Allow")).contains("POST");
  }

  @Test
  void garbageOnTheSocketGetsJsonNotAStackTrace() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", harness.gateway.port())) {
      socket.getOutputStream().write(("GET /health/liveness HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(40_000)
          + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

      assertThat(answer).startsWith("HTTP/1.1 431");
      assertThat(answer).contains("{\"error\"").doesNotContain("<html").doesNotContain("at org.eclipse");
    }
  }

  @Test
  void theGatewayKeepsServingAfterBadInput() throws Exception {
    harness.post("/v1/chat/completions", "{{{");
    harness.post("/v1/chat/completions", "{\"model\":\"free\",\"messages\":[{\"role\":\"user\"}],\"n\":\"many\"}");

    assertThat(harness.call("free", false).status()).isEqualTo(200);
  }
}
