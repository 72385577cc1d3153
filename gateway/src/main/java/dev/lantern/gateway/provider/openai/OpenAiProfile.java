package dev.lantern.gateway.provider.openai;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What distinguishes one OpenAI-compatible upstream from another: its default base URL, where its
 * key and base come from when the config names none, the headers it likes, and the few places its
 * API departs from OpenAI's. Everything else is the same client ({@link OpenAiClient}). Defaults
 * follow LiteLLM's for the same prefix, so a LiteLLM config reaches the same URL with the same key.
 *
 * @param defaultApiBase  used when neither the config nor {@code baseEnvVars} give one; null means api_base is required
 * @param baseEnvVars     read in order when the config has no api_base
 * @param keyEnvVars      read in order when the config has no api_key
 * @param keyRequired     true when a call without a key cannot succeed (hosted APIs)
 * @param apiPathSuffix   appended to a configured api_base that lacks it (Ollama serves /v1)
 * @param modelPrefix     put before a model name that lacks it (Fireworks: {@code accounts/fireworks/models/})
 * @param dialect         how its request body departs from OpenAI's
 */
public record OpenAiProfile(
    String name,
    String defaultApiBase,
    List<String> baseEnvVars,
    List<String> keyEnvVars,
    boolean keyRequired,
    String apiPathSuffix,
    String modelPrefix,
    Dialect dialect) {

  public static final OpenAiProfile OPENROUTER = hosted("openrouter", "https://openrouter.ai/api/v1",
      "OPENROUTER_API_KEY", "OR_API_KEY").bases("OPENROUTER_API_BASE");
  public static final OpenAiProfile OPENAI = hosted("openai", "https://api.openai.com/v1", "OPENAI_API_KEY")
      .bases("OPENAI_BASE_URL", "OPENAI_API_BASE");
  /** Any OpenAI-compatible server given by api_base (llama.cpp's server, LocalAI, ...). */
  public static final OpenAiProfile CUSTOM_OPENAI = local("custom_openai", null);
  public static final OpenAiProfile OLLAMA = local("ollama", "http://localhost:11434", "OLLAMA_API_KEY")
      .bases("OLLAMA_API_BASE").suffix("/v1");
  public static final OpenAiProfile HOSTED_VLLM = local("hosted_vllm", null, "HOSTED_VLLM_API_KEY")
      .bases("HOSTED_VLLM_API_BASE");
  public static final OpenAiProfile LLAMAFILE = local("llamafile", "http://127.0.0.1:8080/v1");
  public static final OpenAiProfile LM_STUDIO = local("lm_studio", "http://localhost:1234/v1", "LM_STUDIO_API_KEY")
      .bases("LM_STUDIO_API_BASE");
  public static final OpenAiProfile GROQ = hosted("groq", "https://api.groq.com/openai/v1", "GROQ_API_KEY")
      .bases("GROQ_API_BASE");
  /** Mistral's API: max_tokens only, "any" for a required tool, random_seed, no stream_options (it sends usage anyway). */
  public static final OpenAiProfile MISTRAL = hosted("mistral", "https://api.mistral.ai/v1",
      "MISTRAL_API_KEY", "MISTRAL_AZURE_API_KEY").bases("MISTRAL_API_BASE", "MISTRAL_AZURE_API_BASE")
      .suffix("/v1").dialect(Dialect.MISTRAL);
  /** LiteLLM's default base for DeepSeek is its beta API, which also serves the stable models. */
  public static final OpenAiProfile DEEPSEEK = hosted("deepseek", "https://api.deepseek.com/beta", "DEEPSEEK_API_KEY")
      .bases("DEEPSEEK_API_BASE");
  public static final OpenAiProfile TOGETHER_AI = hosted("together_ai", "https://api.together.xyz/v1",
      "TOGETHER_API_KEY", "TOGETHER_AI_API_KEY", "TOGETHERAI_API_KEY", "TOGETHER_AI_TOKEN").bases("TOGETHER_AI_API_BASE");
  /** Fireworks names models accounts/fireworks/models/...; LiteLLM adds the prefix to a bare name. */
  public static final OpenAiProfile FIREWORKS_AI = hosted("fireworks_ai", "https://api.fireworks.ai/inference/v1",
      "FIREWORKS_API_KEY", "FIREWORKS_AI_API_KEY", "FIREWORKSAI_API_KEY", "FIREWORKS_AI_TOKEN")
      .bases("FIREWORKS_API_BASE").prefix("accounts/fireworks/models/").dialect(Dialect.FIREWORKS);
  /** Gemini through Google's OpenAI-compatible endpoint (its free tier is a common first model). */
  public static final OpenAiProfile GEMINI = hosted("gemini", "https://generativelanguage.googleapis.com/v1beta/openai",
      "GEMINI_API_KEY", "GOOGLE_API_KEY").bases("GEMINI_API_BASE");
  public static final OpenAiProfile XAI = hosted("xai", "https://api.x.ai/v1", "XAI_API_KEY").bases("XAI_API_BASE");
  public static final OpenAiProfile CEREBRAS = hosted("cerebras", "https://api.cerebras.ai/v1", "CEREBRAS_API_KEY")
      .bases("CEREBRAS_API_BASE");
  public static final OpenAiProfile DEEPINFRA = hosted("deepinfra", "https://api.deepinfra.com/v1/openai",
      "DEEPINFRA_API_KEY").bases("DEEPINFRA_API_BASE");

  public OpenAiProfile {
    baseEnvVars = List.copyOf(baseEnvVars);
    keyEnvVars = List.copyOf(keyEnvVars);
  }

  /** A hosted API: a key is needed unless api_base points elsewhere. */
  private static OpenAiProfile hosted(String name, String base, String... keyEnvVars) {
    return new OpenAiProfile(name, base, List.of(), List.of(keyEnvVars), true, "", "", Dialect.OPENAI);
  }

  /** A server on the user's own network: a key only if it was set up with one. */
  private static OpenAiProfile local(String name, String base, String... keyEnvVars) {
    return new OpenAiProfile(name, base, List.of(), List.of(keyEnvVars), false, "", "", Dialect.OPENAI);
  }

  private OpenAiProfile bases(String... vars) {
    return new OpenAiProfile(name, defaultApiBase, List.of(vars), keyEnvVars, keyRequired, apiPathSuffix, modelPrefix,
        dialect);
  }

  private OpenAiProfile suffix(String suffix) {
    return new OpenAiProfile(name, defaultApiBase, baseEnvVars, keyEnvVars, keyRequired, suffix, modelPrefix, dialect);
  }

  private OpenAiProfile prefix(String prefix) {
    return new OpenAiProfile(name, defaultApiBase, baseEnvVars, keyEnvVars, keyRequired, apiPathSuffix, prefix, dialect);
  }

  private OpenAiProfile dialect(Dialect dialect) {
    return new OpenAiProfile(name, defaultApiBase, baseEnvVars, keyEnvVars, keyRequired, apiPathSuffix, modelPrefix,
        dialect);
  }

  /** The model name this upstream is sent: with the profile's prefix when the config left it out. */
  String upstreamModel(String model) {
    return modelPrefix.isEmpty() || model.startsWith("accounts/") || model.startsWith(modelPrefix) ? model
        : modelPrefix + model;
  }

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

  /**
   * Where an upstream's request format departs from OpenAI's, as LiteLLM maps it. A dialect
   * rewrites a copy of the body: the client's body is reused by the next attempt, which may go to
   * another provider.
   */
  public enum Dialect {
    OPENAI,
    /** {@code max_completion_tokens} → {@code max_tokens}; {@code tool_choice: required} → {@code any}. */
    FIREWORKS,
    /** As Fireworks, plus {@code seed} → {@code random_seed}, and no {@code stream_options}. */
    MISTRAL;

    ObjectNode adapt(ObjectNode body) {
      if (this == OPENAI) {
        return body;
      }
      ObjectNode copy = body.objectNode();
      copy.setAll(body);
      JsonNode maxCompletion = copy.remove("max_completion_tokens");
      if (maxCompletion != null && !copy.has("max_tokens")) {
        copy.set("max_tokens", maxCompletion);
      }
      JsonNode toolChoice = copy.get("tool_choice");
      if (toolChoice != null && toolChoice.isString() && toolChoice.asString().equals("required")) {
        copy.put("tool_choice", "any");
      }
      if (this == MISTRAL) {
        JsonNode seed = copy.remove("seed");
        if (seed != null) {
          copy.set("random_seed", seed);
        }
        copy.remove("stream_options");
      }
      return copy;
    }
  }
}
