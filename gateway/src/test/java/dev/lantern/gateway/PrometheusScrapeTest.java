package dev.lantern.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.testkit.FakeAnthropic;
import dev.lantern.testkit.PrometheusServer;
import dev.lantern.testkit.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server scrapes the gateway (with the master key, as a ServiceMonitor would)
 * and the dashboards' queries — the fallback counter and a latency histogram — read back through
 * Prometheus's HTTP API.
 */
class PrometheusScrapeTest {
  private static final String KEY = "sk-scrape-test";

  @Test
  void prometheusScrapesFallbacksAndLatencyUnderLiteLlmsNames(@TempDir Path work) throws Exception {
    try (GatewayHarness harness = GatewayHarness.start("""
        model_list:
          - model_name: free
            litellm_params: {model: openai/free-model, api_base: "${free}"}
          - model_name: free2
            litellm_params: {model: openai/free2-model, api_base: "${free2}"}
        router_settings:
          fallbacks: [{free: [free2]}]
        general_settings: {master_key: os.environ/KEY}
        """, Map.of("KEY", KEY))) {
      harness.upstream.script("free", Reply.status(429, "quota"), Reply.status(429, "quota"));
      for (int i = 0; i < 3; i++) {
        assertThat(harness.call("free", i % 2 == 0, "Authorization", "Bearer " + KEY).status()).isEqualTo(200);
      }

      try (PrometheusServer prometheus = PrometheusServer.scraping(
          "127.0.0.1:" + harness.gateway.port(), KEY, work)) {
        double fallbacks = prometheus.awaitValue(
            "sum(litellm_deployment_successful_fallbacks_total{requested_model=\"free\",fallback_model=\"free2\"})",
            Duration.ofSeconds(60));
        double latencyCount = prometheus.awaitValue(
            "sum(litellm_request_total_latency_metric_count)", Duration.ofSeconds(30));
        double under10s = prometheus.awaitValue(
            "sum(litellm_request_total_latency_metric_bucket{le=\"10.0\"})", Duration.ofSeconds(30));
        double p95 = prometheus.awaitValue(
            "histogram_quantile(0.95, sum by (le) (litellm_request_total_latency_metric_bucket))", Duration.ofSeconds(30));
        double requests = prometheus.awaitValue(
            "sum(litellm_proxy_total_requests_metric_total{status_code=\"200\"})", Duration.ofSeconds(30));

        assertThat(prometheus.targetHealth()).startsWith("up");
        assertThat(fallbacks).isEqualTo(2);
        assertThat(latencyCount).isEqualTo(3);
        assertThat(under10s).isEqualTo(3);
        assertThat(p95).isGreaterThan(0).isLessThanOrEqualTo(10);
        assertThat(requests).isEqualTo(3);
      }
    }
  }

  /**
   * LiteLLM's plain-gateway metrics beyond the core ones, read back through a real Prometheus with
   * the values the traffic must give: limits from the config, upstream failures, the provider's
   * quota headers, cached and reasoning tokens, unpriced calls, queue time, latency per token.
   */
  @Test
  void liteLlmsDeploymentQuotaTokenDetailAndZeroCostMetricsReadBack(@TempDir Path work) throws Exception {
    try (FakeAnthropic anthropic = FakeAnthropic.start();
        GatewayHarness harness = GatewayHarness.start("""
        model_list:
          - model_name: free
            litellm_params: {model: openai/free-model, api_base: "${free}", rpm: 60, tpm: 20_000,
              input_cost_per_token: 0.000001, output_cost_per_token: 0.000002}
          - model_name: local
            litellm_params: {model: openai/local-model, api_base: "${local}"}
          - model_name: claude
            litellm_params: {model: anthropic/claude-test, api_base: "%s", api_key: sk-ant,
              input_cost_per_token: 0.000003, output_cost_per_token: 0.000015}
        router_settings:
          num_retries: 0
          fallbacks: [{free: [local]}]
        general_settings: {master_key: os.environ/KEY}
        """.formatted(anthropic.baseUrl("claude")), Map.of("KEY", KEY))) {
      Reply quota = Reply.ok("fine").withRateLimits(42, 9000).withCachedTokens(4).withReasoningTokens(3);
      harness.upstream.script("free", Reply.status(500, "upstream down"), quota, quota);
      for (int i = 0; i < 3; i++) {
        assertThat(harness.call("free", i == 2, "Authorization", "Bearer " + KEY).status()).isEqualTo(200);
      }
      anthropic.script("claude", Reply.text("cached").withPromptTokens(100).withCacheWrites(70));
      assertThat(harness.call("claude", false, "Authorization", "Bearer " + KEY).status()).isEqualTo(200);

      try (PrometheusServer prometheus = PrometheusServer.scraping(
          "127.0.0.1:" + harness.gateway.port(), KEY, work)) {
        Duration wait = Duration.ofSeconds(60);
        assertThat(prometheus.awaitValue("litellm_deployment_rpm_limit{litellm_model_name=\"openai/free-model\"}", wait))
            .isEqualTo(60);
        assertThat(prometheus.awaitValue("litellm_deployment_tpm_limit{litellm_model_name=\"openai/free-model\"}", wait))
            .isEqualTo(20_000);
        assertThat(prometheus.awaitValue(
            "sum(litellm_llm_api_failed_requests_metric_total{model=\"openai/free-model\"})", wait)).isEqualTo(1);
        assertThat(prometheus.awaitValue("max(litellm_remaining_requests_metric{model_group=\"free\"})", wait))
            .isEqualTo(42);
        assertThat(prometheus.awaitValue("max(litellm_remaining_tokens_metric{model_group=\"free\"})", wait))
            .isEqualTo(9000);
        assertThat(prometheus.awaitValue("sum(litellm_input_cached_tokens_metric_total)", wait)).isEqualTo(8);
        assertThat(prometheus.awaitValue("sum(litellm_output_reasoning_tokens_metric_total)", wait)).isEqualTo(6);
        assertThat(prometheus.awaitValue(
            "sum(litellm_zero_cost_requests_total{model=\"openai/local-model\",reason=\"missing_pricing_key\"})", wait))
            .as("the fallback to the unpriced model").isEqualTo(1);
        assertThat(prometheus.awaitValue(
            "sum(litellm_input_cache_creation_tokens_metric_total{requested_model=\"claude\"})", wait)).isEqualTo(70);
        assertThat(prometheus.awaitValue("sum(litellm_request_queue_time_seconds_count)", wait)).isEqualTo(4);
        assertThat(prometheus.awaitValue("sum(litellm_deployment_latency_per_output_token_count"
            + "{litellm_model_name=\"openai/free-model\"})", wait)).isEqualTo(2);
        assertThat(prometheus.awaitValue("litellm_in_flight_requests", wait))
            .as("the scrape itself is in flight while it is answered").isGreaterThanOrEqualTo(1);
      }
    }
  }
}
