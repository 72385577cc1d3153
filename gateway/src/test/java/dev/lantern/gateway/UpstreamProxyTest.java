package dev.lantern.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lantern.gateway.config.LiteLlmConfig;
import dev.lantern.gateway.routing.Router;
import dev.lantern.testkit.TinyProxy;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upstream calls through a real forward proxy (tinyproxy), as HTTP_PROXY / HTTPS_PROXY / NO_PROXY say. */
class UpstreamProxyTest {
  private static final String ONE_MODEL = """
      model_list:
        - model_name: a
          litellm_params: {model: openai/a, api_base: "${a}"}
      """;

  @TempDir
  static Path work;
  static TinyProxy proxy;

  @BeforeAll
  static void start() throws Exception {
    proxy = TinyProxy.start(work.resolve("proxy"));
  }

  @AfterAll
  static void stop() throws Exception {
    proxy.close();
  }

  @Test
  void callsGoThroughHttpProxyAndTheAnswerIsUnchanged() throws Exception {
    try (GatewayHarness harness = GatewayHarness.start(ONE_MODEL, Map.of("HTTP_PROXY", proxy.url()))) {
      GatewayHarness.Answer whole = harness.call("a", false);
      GatewayHarness.Answer streamed = harness.call("a", true);

      assertThat(whole.status()).isEqualTo(200);
      assertThat(streamed.text()).isEqualTo(whole.text()).isNotEmpty();
      assertThat(proxy.connectedTo(upstreamPort(harness))).as("the proxy opened the upstream connection").isTrue();
    }
  }

  @Test
  void noProxyHostsAreCalledDirectly() throws Exception {
    try (GatewayHarness harness = GatewayHarness.start(ONE_MODEL,
        Map.of("http_proxy", proxy.url(), "no_proxy", "example.com, 127.0.0.1"))) {
      GatewayHarness.Answer answer = harness.call("a", false);

      assertThat(answer.status()).isEqualTo(200);
      assertThat(proxy.connectedTo(upstreamPort(harness))).as("127.0.0.1 is in NO_PROXY").isFalse();
    }
  }

  @Test
  void anUnusableProxyUrlIsRefusedAtStartWithoutShowingItsPassword() {
    Map<String, String> env = Map.of("HTTPS_PROXY", "ftp://bob:s3cret-proxy-pass@proxy.local:21");

    assertThatThrownBy(() -> Gateway.start(LiteLlmConfig.parse(
        "model_list: [{model_name: a, litellm_params: {model: openai/a, api_base: 'http://127.0.0.1:9/v1'}}]", env),
        "127.0.0.1", 0, env, Router.Clock.SYSTEM))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HTTPS_PROXY")
        .hasMessageNotContaining("s3cret-proxy-pass");
  }

  private static int upstreamPort(GatewayHarness harness) {
    return URI.create(harness.upstream.baseUrl("a")).getPort();
  }
}
