package dev.lantern.sre;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lantern.common.json.Json;
import dev.lantern.sre.alerts.AlertStore;
import dev.lantern.testkit.FakeTelegram;
import dev.lantern.testkit.Reply;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code /api/alerts}: Alertmanager's webhook, investigated once per firing group, stored and sent to Telegram. */
class AlertReceiverTest {
  @TempDir
  Path home;
  private SreHarness sre;
  private final FakeTelegram telegram = FakeTelegram.start();

  @AfterEach
  void close() {
    sre.close();
    telegram.close();
  }

  static String webhook(String groupKey, String status) {
    return """
        {"version": "4", "groupKey": "%s", "truncatedAlerts": 0, "status": "%s", "receiver": "lantern-sre",
         "groupLabels": {"alertname": "KubePodCrashLooping"},
         "commonLabels": {"alertname": "KubePodCrashLooping", "namespace": "demo", "severity": "warning"},
         "commonAnnotations": {"summary": "Pod is crash looping."},
         "externalURL": "http://alertmanager:9093",
         "alerts": [{"status": "%s", "labels": {"alertname": "KubePodCrashLooping", "namespace": "demo", "pod": "checkout-5f7-0"},
                     "annotations": {"summary": "Pod is crash looping."}, "startsAt": "2026-12-03T09:00:00Z",
                     "endsAt": "0001-01-01T00:00:00Z", "generatorURL": "http://prometheus/graph", "fingerprint": "abc"}]}
        """.formatted(groupKey.replace("\"", "\\\""), status, status);
  }

  @Test
  void aFiringGroupIsInvestigatedOnceAndSentToTheHomeChat() throws Exception {
    sre = SreHarness.start(home, Map.of(), telegram).crashingCheckout();
    sre.model.script(SreHarness.MODEL, Reply.text("**Root cause:** checkout exits with code 1."));

    HttpResponse<String> first = sre.post("/api/alerts", webhook("{}:{alertname=\"KubePodCrashLooping\"}", "firing"));
    HttpResponse<String> repeat = sre.post("/api/alerts", webhook("{}:{alertname=\"KubePodCrashLooping\"}", "firing"));

    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(Json.MAPPER.readTree(first.body()).path("status").asString()).isEqualTo("queued");
    assertThat(Json.MAPPER.readTree(repeat.body()).path("status").asString()).isEqualTo("duplicate");
    await().atMost(Duration.ofSeconds(30)).until(() -> !telegram.sentTo(4242).isEmpty());
    assertThat(sre.server.alerts().awaitIdle(Duration.ofSeconds(10))).isTrue();
    assertThat(telegram.sentTo(4242)).singleElement().satisfies(text ->
        assertThat(text).contains("KubePodCrashLooping (1 firing)").contains("checkout exits with code 1"));
    assertThat(sre.model.calls(SreHarness.MODEL)).isEqualTo(1);
    String prompt = sre.model.received(SreHarness.MODEL).get(0).body().path("messages").get(1).path("content").asString();
    assertThat(prompt).contains("KubePodCrashLooping").contains("pod=checkout-5f7-0").contains("crash-loop");

    JsonNode listed = Json.MAPPER.readTree(sre.get("/api/investigations").body()).path("investigations");
    assertThat(listed).singleElement().satisfies(entry -> {
      assertThat(entry.path("state").asString()).isEqualTo("done");
      assertThat(entry.path("delivered").asBoolean()).isTrue();
    });
    assertThat(sre.get("/metrics").body()).contains("lantern_sre_alerts_received_total{outcome=\"duplicate\"} 1.0")
        .doesNotContain(FakeTelegram.TOKEN);
  }

  @Test
  void aGroupThatResolvedAndFiresAgainIsInvestigatedAgain() throws Exception {
    sre = SreHarness.start(home, Map.of(), telegram);
    sre.model.script(SreHarness.MODEL, Reply.text("first"), Reply.text("second"));

    sre.post("/api/alerts", webhook("g1", "firing"));
    assertThat(sre.server.alerts().awaitIdle(Duration.ofSeconds(30))).isTrue();
    assertThat(Json.MAPPER.readTree(sre.post("/api/alerts", webhook("g1", "resolved")).body()).path("status").asString())
        .isEqualTo("resolved");
    sre.post("/api/alerts", webhook("g1", "firing"));
    assertThat(sre.server.alerts().awaitIdle(Duration.ofSeconds(30))).isTrue();

    assertThat(sre.model.calls(SreHarness.MODEL)).isEqualTo(2);
    await().atMost(Duration.ofSeconds(10)).until(() -> telegram.sentTo(4242).size() == 2);
  }

  @Test
  void anInvestigationAStopInterruptedRunsAfterTheRestart() throws Exception {
    try (AlertStore store = AlertStore.open(home.resolve("sre.db"))) {
      store.addIfNew(dev.lantern.sre.alerts.AlertGroup.parse(Json.MAPPER.readTree(webhook("left-over", "firing"))),
          java.time.Instant.now());
    }
    sre = SreHarness.start(home, Map.of(), telegram);
    sre.model.script(SreHarness.MODEL, Reply.text("picked up after the restart"));

    await().atMost(Duration.ofSeconds(30)).until(() -> !telegram.sentTo(4242).isEmpty());

    assertThat(telegram.sentTo(4242).get(0)).contains("picked up after the restart");
  }

  @Test
  void somethingThatIsNotAWebhookIsRefusedWithAReason() throws Exception {
    sre = SreHarness.start(home, Map.of(), telegram);

    for (String body : List.of("{\"version\": \"3\", \"groupKey\": \"g\", \"status\": \"firing\", \"alerts\": []}",
        "{\"status\": \"firing\", \"alerts\": []}", "{\"groupKey\": \"g\", \"status\": \"burning\", \"alerts\": []}",
        "{\"groupKey\": \"g\", \"status\": \"firing\", \"alerts\": {}}", "[1,2]", "{\"groupKey\": ",
        "{\"groupKey\": \"g\", \"status\": \"firing\", \"alerts\": [{\"labels\": {\"a\": {\"b\": 1}}}]}")) {
      HttpResponse<String> response = sre.post("/api/alerts", body);
      assertThat(response.statusCode()).as(body).isEqualTo(400);
      assertThat(Json.MAPPER.readTree(response.body()).path("detail").asString()).as(body).isNotBlank();
    }
    assertThat(sre.model.calls(SreHarness.MODEL)).isZero();
  }
}
