package dev.lantern.sre;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.common.json.Json;
import dev.lantern.testkit.JsonArbitraries;
import dev.lantern.testkit.Reply;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.databind.JsonNode;

/**
 * Random and broken bodies on /api/chat and /api/alerts: wrong types, cut-off JSON, unknown
 * fields, deep nesting, huge values. Every answer is a 2xx or a 4xx/503 in HolmesGPT's
 * {@code {"detail": ...}} shape, never a 500 or a stack trace, and the service stays up.
 */
class HostileSreBodiesTest {
  private static SreHarness sre;

  @BeforeContainer
  static void start() throws Exception {
    sre = SreHarness.withoutKubeMcp(Files.createTempDirectory("sre-hostile"));
    sre.model.respondWith(SreHarness.MODEL, request -> Reply.text("fine"));
  }

  @AfterContainer
  static void stop() {
    sre.close();
  }

  @Property(tries = 150)
  void chatAnswersEveryBodyWellFormed(@ForAll("chatBodies") String body) throws Exception {
    assertWellFormed(sre.post("/api/chat", body));
  }

  @Property(tries = 150)
  void alertsAnswerEveryBodyWellFormed(@ForAll("alertBodies") String body) throws Exception {
    assertWellFormed(sre.post("/api/alerts", body));
  }

  @Property(tries = 5)
  void hugeAndDeepBodiesAreRefusedNotRead(@ForAll("monsters") String body) throws Exception {
    HttpResponse<String> response = sre.post("/api/chat", body);
    assertThat(response.statusCode()).as(response.body().substring(0, Math.min(200, response.body().length())))
        .isIn(400, 413);
    assertWellFormed(response);
  }

  private static void assertWellFormed(HttpResponse<String> response) throws Exception {
    int status = response.statusCode();
    assertThat(status).as(response.body()).satisfiesAnyOf(
        s -> assertThat(s).isBetween(200, 299),
        s -> assertThat(s).isBetween(400, 499),
        s -> assertThat(s).isEqualTo(503));
    if (status >= 400) {
      JsonNode detail = Json.MAPPER.readTree(response.body()).path("detail");
      assertThat(detail.isString()).as(response.body()).isTrue();
      assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }
    assertThat(sre.get("/healthz").statusCode()).isEqualTo(200);
  }

  @Provide
  Arbitrary<String> chatBodies() {
    Arbitrary<String> keys = Arbitraries.of("ask", "conversation_history", "model", "stream", "unknown", "tool_decisions");
    Arbitrary<JsonNode> values = Arbitraries.oneOf(JsonArbitraries.json(2),
        Arbitraries.of("why?", "").map(Json.NODES::stringNode), history());
    Arbitrary<JsonNode> objects = JsonArbitraries.objects(keys, values, 5);
    return Arbitraries.oneOf(objects.map(JsonNode::toString), objects.map(JsonNode::toString)
        .flatMap(JsonArbitraries::truncated), Arbitraries.strings().ofMaxLength(100), JsonArbitraries.json(3)
        .map(JsonNode::toString));
  }

  @Provide
  Arbitrary<String> alertBodies() {
    Arbitrary<String> keys = Arbitraries.of("version", "groupKey", "status", "alerts", "commonLabels",
        "commonAnnotations", "receiver", "truncatedAlerts");
    Arbitrary<JsonNode> alert = JsonArbitraries.objects(Arbitraries.of("status", "labels", "annotations", "startsAt"),
        JsonArbitraries.json(2), 4);
    Arbitrary<JsonNode> values = Arbitraries.oneOf(JsonArbitraries.json(2),
        Arbitraries.of("4", "firing", "resolved", "{}:{alertname=\"X\"}").map(Json.NODES::stringNode),
        alert.list().ofMaxSize(3).map(JsonArbitraries::array));
    Arbitrary<JsonNode> objects = JsonArbitraries.objects(keys, values, 8);
    return Arbitraries.oneOf(objects.map(JsonNode::toString), objects.map(JsonNode::toString)
        .flatMap(JsonArbitraries::truncated), Arbitraries.strings().ofMaxLength(100));
  }

  @Provide
  Arbitrary<String> monsters() {
    return Arbitraries.of(
        "{\"ask\": \"" + "a".repeat(2 * 1024 * 1024) + "\"}",
        "[".repeat(5000) + "]".repeat(5000),
        "{\"ask\": \"x\", \"conversation_history\": " + "[".repeat(3000) + "]".repeat(3000) + "}",
        "{\"ask\": \"" + "b".repeat(30_000) + "\"}");
  }

  private static Arbitrary<JsonNode> history() {
    Arbitrary<JsonNode> message = JsonArbitraries.objects(Arbitraries.of("role", "content", "tool_calls", "name"),
        Arbitraries.oneOf(JsonArbitraries.json(1), Arbitraries.of("system", "user", "assistant", "tool", "robot")
            .map(Json.NODES::stringNode)), 3);
    return message.list().ofMaxSize(3).map(JsonArbitraries::array);
  }
}
