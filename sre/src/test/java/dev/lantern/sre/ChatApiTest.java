package dev.lantern.sre;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.common.json.Json;
import dev.lantern.testkit.MockCluster;
import dev.lantern.testkit.Received;
import dev.lantern.testkit.Reply;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code /api/chat} against HolmesGPT's documented shapes, with the analyzers run before the model. */
class ChatApiTest {
  private static final String ANSWER = "**Root cause:** Deployment demo/checkout crashes on start (exit code 1).";

  @TempDir
  Path home;
  private SreHarness sre;

  @AfterEach
  void close() {
    sre.close();
  }

  @Test
  void anAnswerHasHolmesGptsShapeAndStartsFromTheAnalyzersFindings() throws Exception {
    sre = SreHarness.start(home).crashingCheckout();
    sre.model.script(SreHarness.MODEL,
        Reply.toolCall("mcp_kubernetes_pods_log", "{\"namespace\":\"demo\",\"name\":\"crashy\",\"previous\":true}"),
        Reply.text(ANSWER));

    HttpResponse<String> response = sre.post("/api/chat", "{\"ask\": \"why is checkout crashing?\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = Json.MAPPER.readTree(response.body());
    assertThat(body.path("analysis").asString()).isEqualTo(ANSWER);
    assertThat(body.path("tool_calls")).hasSize(2);
    JsonNode analyzers = body.path("tool_calls").get(0);
    assertThat(analyzers.path("tool_name").asString()).isEqualTo("mcp_kubernetes_cluster_diagnose");
    assertThat(analyzers.path("result").path("status").asString()).isEqualTo("success");
    assertThat(analyzers.path("result").path("schema_version").asString()).isEqualTo("robusta:v1.0.0");
    assertThat(analyzers.path("result").path("data").asString())
        .contains("WorkloadUnavailable Deployment demo/checkout").contains("CrashLoopBackOff");
    assertThat(body.path("tool_calls").get(1).path("tool_name").asString()).isEqualTo("mcp_kubernetes_pods_log");
    assertThat(body.path("tool_calls").get(1).path("result").path("params").path("previous").asBoolean()).isTrue();
    assertThat(body.path("conversation_history").get(0).path("role").asString()).isEqualTo("system");
    assertThat(body.path("follow_up_actions")).extracting(a -> a.path("id").asString())
        .containsExactly("logs", "graphs", "articles");
    assertThat(body.path("metadata").path("findings").toString()).contains("CrashLoopBackOff", "WorkloadUnavailable");
    assertThat(body.path("metadata").path("runbooks").toString()).contains("crash-loop");

    Received first = sre.model.received(SreHarness.MODEL).get(0);
    String prompt = first.body().path("messages").get(1).path("content").asString();
    assertThat(prompt).startsWith("why is checkout crashing?").contains("[Analyzer findings")
        .contains("Deployment demo/checkout: 0 of 3 replicas available").contains("fetch_runbook: crash-loop");
    assertThat(first.body().path("messages").get(0).path("content").asString()).contains("Root cause", "Not checked");
    assertThat(first.body().path("tools").toString()).contains("mcp_kubernetes_pods_log", "fetch_runbook");
  }

  @Test
  void aStreamedAnswerSendsHolmesGptsEventsInOrder() throws Exception {
    sre = SreHarness.start(home).crashingCheckout();
    sre.model.script(SreHarness.MODEL,
        Reply.toolCall("mcp_kubernetes_events_list", "{\"namespace\":\"demo\"}"), Reply.stream("The ", "root ", "cause"));

    HttpResponse<String> response = sre.post("/api/chat", "{\"ask\": \"what is broken?\", \"stream\": true}");

    assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    List<String> names = new ArrayList<>();
    List<JsonNode> data = new ArrayList<>();
    for (String event : response.body().split("\n\n")) {
      names.add(event.lines().filter(l -> l.startsWith("event: ")).findFirst().orElseThrow().substring(7));
      data.add(Json.MAPPER.readTree(event.lines().filter(l -> l.startsWith("data: ")).findFirst().orElseThrow()
          .substring(6)));
    }
    assertThat(names.stream().filter(n -> !n.equals("ai_answer_delta")).toList()).containsExactly(
        "start_tool_calling", "tool_calling_result", "start_tool_calling", "tool_calling_result", "ai_answer_end");
    assertThat(data.get(0).path("tool_name").asString()).isEqualTo("mcp_kubernetes_cluster_diagnose");
    JsonNode events = data.get(names.lastIndexOf("tool_calling_result"));
    assertThat(events.path("tool_name").asString()).isEqualTo("mcp_kubernetes_events_list");
    assertThat(events.path("role").asString()).isEqualTo("tool");
    assertThat(events.path("result").path("status").asString()).isEqualTo("success");
    JsonNode end = data.getLast();
    assertThat(end.path("analysis").asString()).isEqualTo("The root cause");
    assertThat(end.path("conversation_history").size()).isGreaterThan(3);
    assertThat(names.stream().filter(n -> n.equals("ai_answer_delta")).count()).as("the answer streamed in pieces")
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  void aContinuedConversationKeepsItsHistoryAndSkipsTheAnalyzers() throws Exception {
    sre = SreHarness.start(home);
    sre.model.script(SreHarness.MODEL, Reply.text("first answer"), Reply.text("second answer"));
    JsonNode first = Json.MAPPER.readTree(sre.post("/api/chat", "{\"ask\": \"what is broken?\"}").body());

    String next = Json.MAPPER.writeValueAsString(Json.object().put("ask", "and the fix?")
        .set("conversation_history", first.path("conversation_history")));
    JsonNode second = Json.MAPPER.readTree(sre.post("/api/chat", next).body());

    assertThat(second.path("analysis").asString()).isEqualTo("second answer");
    assertThat(second.path("tool_calls")).isEmpty();
    assertThat(second.path("follow_up_actions")).as("HolmesGPT offers them on the first answer only").isEmpty();
    JsonNode sent = sre.model.received(SreHarness.MODEL).get(1).body().path("messages");
    assertThat(sent.toString()).contains("what is broken?", "first answer", "and the fix?");
  }

  @Test
  void theLastAllowedStepHasNoTools() throws Exception {
    sre = SreHarness.start(home, Map.of("SRE_MAX_STEPS", "2"), null);
    sre.model.script(SreHarness.MODEL, Reply.toolCall("mcp_kubernetes_pods_list", "{}"), Reply.text("done"));

    JsonNode body = Json.MAPPER.readTree(sre.post("/api/chat", "{\"ask\": \"look around\"}").body());

    assertThat(body.path("analysis").asString()).isEqualTo("done");
    List<Received> calls = sre.model.received(SreHarness.MODEL);
    assertThat(calls).hasSize(2);
    assertThat(calls.get(0).body().path("tools").size()).isGreaterThan(0);
    assertThat(calls.get(0).body().has("tool_choice")).isFalse();
    // The definitions stay (the history has tool calls), but none may be called.
    assertThat(calls.get(1).body().path("tool_choice").asString()).isEqualTo("none");
    assertThat(calls.get(1).body().path("messages").toString()).contains("tool budget");
  }

  @Test
  void aModelFailingMidInvestigationStillGivesTheFindingsAndSaysWhatFailed() throws Exception {
    sre = SreHarness.start(home).crashingCheckout();
    sre.model.script(SreHarness.MODEL, Reply.toolCall("mcp_kubernetes_pods_list", "{}"),
        Reply.status(400, "this model does not exist"));

    HttpResponse<String> response = sre.post("/api/chat", "{\"ask\": \"why?\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = Json.MAPPER.readTree(response.body());
    assertThat(body.path("analysis").asString()).contains("did not finish").contains("model failed")
        .contains("Deployment demo/checkout").contains("mcp_kubernetes_pods_list").doesNotContain("Exception");
    assertThat(body.path("metadata").path("completed").asBoolean()).isFalse();
  }

  @Test
  void withKubeMcpDownTheModelIsToldAndTheServiceIsNotReady() throws Exception {
    sre = SreHarness.withoutKubeMcp(home);
    sre.model.script(SreHarness.MODEL, Reply.text("I could not check the cluster."));

    HttpResponse<String> response = sre.post("/api/chat", "{\"ask\": \"why?\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    String prompt = sre.model.received(SreHarness.MODEL).get(0).body().path("messages").get(1).path("content").asString();
    assertThat(prompt).contains("The analyzers could not run: kube-mcp at http://127.0.0.1:9/mcp is not reachable");
    HttpResponse<String> ready = sre.get("/readyz");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).contains("kube-mcp is not connected");
    assertThat(sre.get("/healthz").body()).isEqualTo("{\"status\":\"healthy\"}");
    assertThat(sre.get("/api/findings").statusCode()).isEqualTo(502);
  }

  @Test
  void noSecretValueReachesAnAnswerATooResultOrTheMetrics() throws Exception {
    sre = SreHarness.start(home);
    sre.model.script(SreHarness.MODEL,
        Reply.toolCall("mcp_kubernetes_resources_get",
            "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"namespace\":\"demo\",\"name\":\"db-credentials\"}"),
        Reply.text("The Secret could not be read."));

    String body = sre.post("/api/chat", "{\"ask\": \"show me the db password\"}").body();
    String metrics = sre.get("/metrics").body();
    String findings = sre.get("/api/findings").body();

    for (String secret : MockCluster.SECRET_VALUES) {
      assertThat(body).doesNotContain(secret);
      assertThat(metrics).doesNotContain(secret);
      assertThat(findings).doesNotContain(secret);
      sre.model.received(SreHarness.MODEL).forEach(call -> assertThat(call.body().toString()).doesNotContain(secret));
    }
    assertThat(body).contains("resource not allowed");
  }

  @Test
  void modelHealthAndMetricsAnswerAsHolmesGptsDo() throws Exception {
    sre = SreHarness.start(home).crashingCheckout();
    sre.model.script(SreHarness.MODEL, Reply.text("ok"));
    sre.post("/api/chat", "{\"ask\": \"why?\"}");

    JsonNode model = Json.MAPPER.readTree(sre.get("/api/model").body());
    assertThat(Json.MAPPER.readTree(model.path("model_name").asString()).get(0).asString()).isEqualTo(SreHarness.MODEL);
    assertThat(sre.get("/readyz").statusCode()).isEqualTo(200);
    String metrics = sre.get("/metrics").body();
    assertThat(metrics).contains("lantern_sre_investigations_total{outcome=\"answered\",source=\"chat\"} 1.0")
        .contains("lantern_sre_tool_calls_total{outcome=\"ok\",tool=\"mcp_kubernetes_cluster_diagnose\"} 1.0")
        .contains("lantern_sre_findings{kind=\"CrashLoopBackOff\"}")
        .contains("lantern_sre_investigation_duration_seconds_count{source=\"chat\"} 1");
  }

  @Test
  void anApiKeyIsRequiredOnEveryApiPathWhenSet() throws Exception {
    sre = SreHarness.start(home, Map.of("SRE_API_KEY", "sre-key-DO-NOT-LEAK"), null);
    sre.model.script(SreHarness.MODEL, Reply.text("a"), Reply.text("b"));

    assertThat(sre.post("/api/chat", "{\"ask\": \"x\"}").statusCode()).isEqualTo(401);
    assertThat(sre.post("/api/chat", "{\"ask\": \"x\"}", "X-API-Key", "wrong").statusCode()).isEqualTo(401);
    assertThat(sre.get("/api/model").statusCode()).isEqualTo(401);
    assertThat(sre.post("/api/alerts", "{}").statusCode()).isEqualTo(401);
    assertThat(sre.post("/api/chat", "{\"ask\": \"x\"}", "X-API-Key", "sre-key-DO-NOT-LEAK").statusCode()).isEqualTo(200);
    assertThat(sre.post("/api/chat", "{\"ask\": \"x\"}", "Authorization", "Bearer sre-key-DO-NOT-LEAK").statusCode())
        .isEqualTo(200);
    HttpResponse<String> refused = sre.post("/api/chat", "{}");
    assertThat(refused.body()).doesNotContain("sre-key-DO-NOT-LEAK").contains("SRE_API_KEY");
    assertThat(sre.get("/healthz").statusCode()).as("probes need no key").isEqualTo(200);
  }
}
