package dev.lantern.gateway.provider.openai;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What distinguishes one OpenAI-compatible upstream from another: its default base URL, where its
 * key comes from when the config names none, and the headers it likes. Everything else is the
 * same client ({@link OpenAiCompatibleProvider}).
 *
 * @param defaultApiBase  used when the config has no api_base; null means api_base is required
 * @param keyEnvVars      read in order when the config has no api_key
 * @param keyRequired     true when a call without a key cannot succeed (hosted APIs)
 * @param apiPathSuffix   appended to a configured api_base that lacks it (Ollama serves /v1)
 */
public record OpenAiProfile(
    String name,
    String defaultApiBase,
    List<String> keyEnvVars,
    boolean keyRequired,
    String apiPathSuffix) {

  public static final OpenAiProfile OPENROUTER = new OpenAiProfile(
      "openrouter", "https://openrouter.ai/api/v1", List.of("OPENROUTER_API_KEY", "OR_API_KEY"), true, "");
  public static final OpenAiProfile OPENAI = new OpenAiProfile(
      "openai", "https://api.openai.com/v1", List.of("OPENAI_API_KEY"), true, "");
  /** Any OpenAI-compatible server given by api_base (llama.cpp's server, LocalAI, ...). */
  public static final OpenAiProfile CUSTOM_OPENAI = new OpenAiProfile(
      "custom_openai", null, List.of(), false, "");
  public static final OpenAiProfile OLLAMA = new OpenAiProfile(
      "ollama", "http://localhost:11434", List.of("OLLAMA_API_KEY"), false, "/v1");
  public static final OpenAiProfile HOSTED_VLLM = new OpenAiProfile(
      "hosted_vllm", null, List.of("HOSTED_VLLM_API_KEY"), false, "");
  public static final OpenAiProfile LLAMAFILE = new OpenAiProfile(
      "llamafile", "http://127.0.0.1:8080/v1", List.of(), false, "");
  public static final OpenAiProfile LM_STUDIO = new OpenAiProfile(
      "lm_studio", "http://localhost:1234/v1", List.of("LM_STUDIO_API_KEY"), false, "");

  /** Headers the provider wants on every call, from the environment (OpenRouter's app credit). */
  Map<String, String> defaultHeaders(Map<String, String> env) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (this.name.equals("openrouter")) {
      putIfSet(headers, "HTTP-Referer", env.get("OR_SITE_URL"));
      putIfSet(headers, "X-Title", env.get("OR_APP_NAME"));
    }
    return headers;
  }

  private static void putIfSet(Map<String, String> headers, String name, String value) {
    if (value != null && !value.isBlank()) {
      headers.put(name, value);
    }
  }
}
