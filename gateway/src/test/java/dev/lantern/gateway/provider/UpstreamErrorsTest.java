package dev.lantern.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.common.json.Json;
import dev.lantern.gateway.provider.FailureKind;
import dev.lantern.gateway.provider.UpstreamException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** How upstream answers become failure kinds, which decide retry, fallback or return. */
class UpstreamErrorsTest {
  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "429 | Rate limit exceeded | RATE_LIMITED",
      "500 | boom | UPSTREAM_ERROR",
      "503 | overloaded | UPSTREAM_ERROR",
      "504 | gateway timeout | TIMEOUT",
      "408 | request timeout | TIMEOUT",
      "400 | This model's maximum context length is 8192 tokens | CONTEXT_WINDOW",
      "400 | prompt is too long: 210000 tokens > 200000 maximum | CONTEXT_WINDOW",
      "400 | Your request was rejected as a result of our safety system | CONTENT_POLICY",
      "403 | Your input was flagged for self-harm | CONTENT_POLICY",
      "401 | No auth credentials found | DEPLOYMENT_REJECTED",
      "402 | Insufficient credits | DEPLOYMENT_REJECTED",
      "404 | No endpoints found for qwen/qwen3-coder:free | DEPLOYMENT_REJECTED",
      "400 | Invalid value for 'temperature' | BAD_REQUEST",
      "422 | unprocessable | BAD_REQUEST"})
  void classifiesByStatusAndMessage(int status, String message, FailureKind kind) {
    assertThat(UpstreamErrors.classify(status, message)).isEqualTo(kind);
  }

  @Test
  void statusErrorCarriesTheUpstreamMessageAndRetryAfter() {
    byte[] body = "{\"error\":{\"message\":\"slow down\",\"code\":429}}".getBytes(StandardCharsets.UTF_8);

    UpstreamException error = UpstreamErrors.fromStatus("openrouter/x", 429, body, Optional.of("7"), null);

    assertThat(error.kind()).isEqualTo(FailureKind.RATE_LIMITED);
    assertThat(error.getMessage()).isEqualTo("openrouter/x: 429 slow down");
    assertThat(error.retryAfter()).contains(Duration.ofSeconds(7));
  }

  @Test
  void errorObjectInsideA200UsesItsCodeAndCountsAsUpstreamFailure() {
    UpstreamException rateLimited = UpstreamErrors.fromErrorObject("m",
        Json.MAPPER.readTree("{\"message\":\"Provider returned error\",\"code\":429}"), null);
    UpstreamException noCode = UpstreamErrors.fromErrorObject("m",
        Json.MAPPER.readTree("{\"message\":\"something broke\"}"), null);

    assertThat(rateLimited.kind()).isEqualTo(FailureKind.RATE_LIMITED);
    assertThat(noCode.kind()).isEqualTo(FailureKind.UPSTREAM_ERROR);
    assertThat(noCode.status()).isEqualTo(502);
  }

  @Test
  void htmlFromAProxyBecomesAShortMessage() {
    byte[] html = ("<html><body>" + "x".repeat(5000) + "</body></html>").getBytes(StandardCharsets.UTF_8);

    UpstreamException error = UpstreamErrors.fromStatus("m", 502, html, Optional.empty(), null);

    assertThat(error.getMessage()).startsWith("m: 502 <html>").hasSizeLessThanOrEqualTo(520);
  }

  @Test
  void secretsAreRedactedFromMessages() {
    byte[] body = "{\"error\":{\"message\":\"bad key sk-or-v1-abcdef123456\"}}".getBytes(StandardCharsets.UTF_8);

    UpstreamException error = UpstreamErrors.fromStatus("m", 401, body, Optional.empty(), "sk-or-v1-abcdef123456");

    assertThat(error.getMessage()).doesNotContain("abcdef123456").contains("[redacted]");
  }

  @Test
  void aKeyStraddlingTheCutIsRedactedWhole() {
    String key = "sk-or-v1-" + "k".repeat(40);
    byte[] body = ("{\"error\":{\"message\":\"" + "x".repeat(480) + key + "\"}}").getBytes(StandardCharsets.UTF_8);

    UpstreamException error = UpstreamErrors.fromStatus("m", 401, body, Optional.empty(), key);

    assertThat(error.getMessage()).doesNotContain("sk-or-v1-kkk");
  }

  @Test
  void anErrorMessageThatIsAnObjectBecomesText() {
    UpstreamException error = UpstreamErrors.fromErrorObject("m",
        Json.MAPPER.readTree("{\"message\":{\"detail\":\"x\"},\"code\":500}"), null);

    assertThat(error.getMessage()).contains("detail");
    assertThat(error.kind()).isEqualTo(FailureKind.UPSTREAM_ERROR);
  }

  @Test
  void aRedirectIsADeploymentProblemNotAClientError() {
    UpstreamException error = UpstreamErrors.fromStatus("m", 301, new byte[0], Optional.empty(), null);

    assertThat(error.kind()).isEqualTo(FailureKind.DEPLOYMENT_REJECTED);
    assertThat(error.status()).isEqualTo(502);
    assertThat(error.getMessage()).contains("api_base");
  }

  @Test
  void retryAfterAcceptsSecondsAndHttpDates() {
    assertThat(UpstreamErrors.parseRetryAfter("2.5")).contains(Duration.ofMillis(2500));
    assertThat(UpstreamErrors.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).contains(Duration.ZERO);
    assertThat(UpstreamErrors.parseRetryAfter("soon")).isEmpty();
  }
}
