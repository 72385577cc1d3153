package dev.lantern.sre;

import dev.lantern.common.config.ConfigException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the SRE service needs, from the environment (as HolmesGPT and the Helm chart set it) with
 * command-line flags on top. Defaults are {@code lantern up}'s layout: the gateway on :4000 and
 * kube-mcp on :8080.
 *
 * @param model         the model group asked through the gateway ({@code SRE_MODEL}, else {@code LANTERN_MODEL})
 * @param kubeMcpUrl    kube-mcp's Streamable HTTP endpoint ({@code KUBE_MCP_URL})
 * @param prometheusUrl Prometheus's base URL, or null for no Prometheus tools ({@code PROMETHEUS_URL})
 * @param apiKey        when set, every /api call must present it ({@code SRE_API_KEY})
 * @param maxSteps      model calls per investigation; the last one gets no tools
 * @param home          LANTERN_HOME: runbooks/ and sre.db
 * @param telegramToken the assistant's bot token, to send alert investigations ({@code TELEGRAM_BOT_TOKEN})
 * @param telegramChat  where they go ({@code TELEGRAM_HOME_CHAT}), or null
 */
public record SreSettings(String model, String baseUrl, String modelKey, String kubeMcpUrl, String prometheusUrl,
    String apiKey, int maxSteps, Path home, String telegramToken, String telegramApiUrl, Long telegramChat) {

  public static final String DEFAULT_BASE_URL = "http://127.0.0.1:4000/v1";
  public static final String DEFAULT_KUBE_MCP = "http://127.0.0.1:8080/mcp";
  public static final int DEFAULT_STEPS = 20;

  public static SreSettings fromEnv(Map<String, String> env) {
    String home = first(env.get("LANTERN_HOME"), System.getProperty("user.home") + "/.lantern");
    String token = first(env.get("TELEGRAM_BOT_TOKEN"), null);
    if (token != null && !token.strip().matches("\\d{1,20}:[A-Za-z0-9_-]{20,100}")) {
      // Never echo it: it is a secret even when it is malformed.
      throw new ConfigException("environment", "TELEGRAM_BOT_TOKEN",
          "does not look like a bot token (digits, a colon, then letters, digits, '_' or '-'): copy it again from @BotFather");
    }
    String chat = first(env.get("TELEGRAM_HOME_CHAT"), null);
    if (chat != null && !chat.strip().matches("-?\\d{1,18}")) {
      throw new ConfigException("environment", "TELEGRAM_HOME_CHAT", "must be a numeric Telegram chat ID, got '"
          + (chat.length() > 30 ? chat.substring(0, 30) + "…" : chat) + "'");
    }
    String steps = first(env.get("SRE_MAX_STEPS"), String.valueOf(DEFAULT_STEPS));
    if (!steps.strip().matches("\\d{1,4}") || Integer.parseInt(steps.strip()) < 1) {
      throw new ConfigException("environment", "SRE_MAX_STEPS", "must be a whole number from 1 to 9999, got '"
          + (steps.length() > 30 ? steps.substring(0, 30) + "…" : steps) + "'");
    }
    return new SreSettings(
        first(env.get("SRE_MODEL"), first(env.get("LANTERN_MODEL"), "free")),
        url("OPENAI_API_BASE", first(env.get("OPENAI_API_BASE"), first(env.get("OPENAI_BASE_URL"), DEFAULT_BASE_URL))),
        first(env.get("OPENAI_API_KEY"), null),
        url("KUBE_MCP_URL", first(env.get("KUBE_MCP_URL"), DEFAULT_KUBE_MCP)),
        env.get("PROMETHEUS_URL") == null || env.get("PROMETHEUS_URL").isBlank() ? null
            : url("PROMETHEUS_URL", env.get("PROMETHEUS_URL")),
        first(env.get("SRE_API_KEY"), null),
        Integer.parseInt(steps.strip()),
        Path.of(home).toAbsolutePath(),
        token == null ? null : token.strip(),
        url("TELEGRAM_API_URL", first(env.get("TELEGRAM_API_URL"), "https://api.telegram.org")),
        chat == null ? null : Long.parseLong(chat.strip()));
  }

  public SreSettings withModel(String name) {
    return new SreSettings(name, baseUrl, modelKey, kubeMcpUrl, prometheusUrl, apiKey, maxSteps, home, telegramToken,
        telegramApiUrl, telegramChat);
  }

  public SreSettings withPrometheus(String url) {
    return new SreSettings(model, baseUrl, modelKey, kubeMcpUrl, url == null ? null : url("--prometheus-url", url),
        apiKey, maxSteps, home, telegramToken, telegramApiUrl, telegramChat);
  }

  public SreSettings withKubeMcp(String url) {
    return new SreSettings(model, baseUrl, modelKey, url("--kube-mcp-url", url), prometheusUrl, apiKey, maxSteps, home,
        telegramToken, telegramApiUrl, telegramChat);
  }

  public boolean telegramEnabled() {
    return telegramToken != null && telegramChat != null;
  }

  public Path runbooks() {
    return home.resolve("runbooks");
  }

  public Path database() {
    return home.resolve("sre.db");
  }

  /** No secret in here: tokens and keys are shown as set or not. */
  @Override
  public String toString() {
    return "SreSettings[model=" + model + ", base_url=" + baseUrl + ", model_key=" + (modelKey == null ? "none" : "set")
        + ", kube_mcp=" + kubeMcpUrl + ", prometheus=" + prometheusUrl + ", api_key=" + (apiKey == null ? "none" : "set")
        + ", max_steps=" + maxSteps + ", home=" + home + ", telegram=" + (telegramEnabled() ? "on" : "off") + "]";
  }

  private static String url(String name, String value) {
    String url = value.strip().replaceAll("/+$", "");
    try {
      URI uri = URI.create(url);
      if (uri.getHost() != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        return url;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new ConfigException("environment", name, "must be an http:// or https:// URL, got '"
        + (url.length() > 60 ? url.substring(0, 60) + "…" : url) + "'");
  }

  private static String first(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value.strip();
  }
}
