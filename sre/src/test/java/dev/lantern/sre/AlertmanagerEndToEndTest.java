package dev.lantern.sre;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lantern.sre.alerts.AlertGroup;
import dev.lantern.sre.alerts.AlertmanagerClient;
import dev.lantern.testkit.AlertmanagerServer;
import dev.lantern.testkit.FakeTelegram;
import dev.lantern.testkit.PrometheusServer;
import dev.lantern.testkit.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole alert path with real components: a Prometheus rule fires, a real Alertmanager posts
 * the group to /api/alerts (and repeats it every 3 s), the group is investigated once, and the
 * answer reaches the home chat through the (fake) Telegram Bot API.
 */
class AlertmanagerEndToEndTest {
  @TempDir
  Path dir;

  @Test
  void aFiringRuleIsInvestigatedOnceAndDeliveredToTelegram() throws Exception {
    try (FakeTelegram telegram = FakeTelegram.start();
        SreHarness sre = SreHarness.start(dir.resolve("home"), Map.of(), telegram).crashingCheckout();
        AlertmanagerServer alertmanager = AlertmanagerServer.sendingTo(sre.server.uri() + "/api/alerts",
            dir.resolve("alertmanager"));
        PrometheusServer prometheus = PrometheusServer.withHistory(
            "up{job=\"x\"} 1 " + Instant.now().minusSeconds(120).getEpochSecond() + "\n# EOF\n", """
            groups:
              - name: kubernetes-apps
                rules:
                  - alert: KubePodCrashLooping
                    expr: vector(1)
                    labels: {severity: warning, namespace: demo, pod: checkout-5f7-0}
                    annotations: {summary: "Pod demo/checkout-5f7-0 is crash looping."}
            """, alertmanager.address(), dir.resolve("prometheus"))) {
      sre.model.script(SreHarness.MODEL, Reply.text("**Root cause:** checkout exits with code 1 on start."));

      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> !telegram.sentTo(4242).isEmpty());
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError("nothing reached Telegram; Alertmanager log: " + alertmanager.log()
            + "\nPrometheus alerts: " + prometheus.query("ALERTS") + "\nAlertmanager has: "
            + new AlertmanagerClient(alertmanager.uri().toString()).firing(Map.of()).size() + "\nsre metrics: " + sre.get("/metrics").body()
            .lines().filter(l -> l.startsWith("lantern_sre_alerts")).toList(), e);
      }
      // Alertmanager repeats the group every 3 s while it fires: each repeat is a duplicate.
      await().atMost(Duration.ofSeconds(30)).until(() -> sre.get("/metrics").body()
          .contains("lantern_sre_alerts_received_total{outcome=\"duplicate\"}"));

      assertThat(telegram.sentTo(4242)).singleElement().satisfies(text -> assertThat(text)
          .contains("KubePodCrashLooping (1 firing)").contains("checkout exits with code 1"));
      assertThat(sre.model.calls(SreHarness.MODEL)).isEqualTo(1);
      String prompt = sre.model.received(SreHarness.MODEL).get(0).body().path("messages").get(1).path("content")
          .asString();
      assertThat(prompt).contains("Pod demo/checkout-5f7-0 is crash looping.")
          .contains("WorkloadUnavailable Deployment demo/checkout").contains("crash-loop");

      List<AlertGroup> pulled = new AlertmanagerClient(alertmanager.uri().toString())
          .firing(Map.of("alertname", "KubePodCrashLooping"));
      assertThat(pulled).singleElement().satisfies(alert -> {
        assertThat(alert.namespace()).isEqualTo("demo");
        assertThat(alert.question()).contains("pod=checkout-5f7-0");
      });
      assertThat(new AlertmanagerClient(alertmanager.uri().toString()).firing(Map.of("alertname", "Nothing"))).isEmpty();
    }
  }
}
