package dev.lantern.gateway.provider;

import dev.lantern.gateway.provider.anthropic.AnthropicProvider;
import dev.lantern.gateway.provider.azure.AzureOpenAiProvider;
import dev.lantern.gateway.provider.openai.OpenAiCompatibleProvider;
import dev.lantern.gateway.provider.openai.OpenAiProfile;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The providers the gateway can call, by the prefix of {@code litellm_params.model}. Adding one is
 * one class and one line here.
 */
public final class Providers {
  private static final Map<String, ProviderFactory> BY_PREFIX = Map.ofEntries(
      openAi("openrouter", OpenAiProfile.OPENROUTER),
      openAi("openai", OpenAiProfile.OPENAI),
      openAi("custom_openai", OpenAiProfile.CUSTOM_OPENAI),
      openAi("ollama", OpenAiProfile.OLLAMA),
      openAi("ollama_chat", OpenAiProfile.OLLAMA),
      openAi("hosted_vllm", OpenAiProfile.HOSTED_VLLM),
      openAi("llamafile", OpenAiProfile.LLAMAFILE),
      openAi("lm_studio", OpenAiProfile.LM_STUDIO),
      openAi("groq", OpenAiProfile.GROQ),
      openAi("mistral", OpenAiProfile.MISTRAL),
      openAi("deepseek", OpenAiProfile.DEEPSEEK),
      openAi("together_ai", OpenAiProfile.TOGETHER_AI),
      openAi("fireworks_ai", OpenAiProfile.FIREWORKS_AI),
      openAi("gemini", OpenAiProfile.GEMINI),
      openAi("xai", OpenAiProfile.XAI),
      openAi("cerebras", OpenAiProfile.CEREBRAS),
      openAi("deepinfra", OpenAiProfile.DEEPINFRA),
      Map.entry("azure", AzureOpenAiProvider.factory()),
      Map.entry("anthropic", AnthropicProvider.factory()));

  private static Map.Entry<String, ProviderFactory> openAi(String prefix, OpenAiProfile profile) {
    return Map.entry(prefix, OpenAiCompatibleProvider.factory(profile));
  }

  private Providers() {}

  public static Optional<ProviderFactory> forPrefix(String prefix) {
    return Optional.ofNullable(BY_PREFIX.get(prefix));
  }

  /** The factory for a deployment: by its prefix, or the pass-through for LiteLLM's {@code model: "*"}. */
  public static Optional<ProviderFactory> forDeployment(dev.lantern.gateway.config.DeploymentConfig deployment) {
    return deployment.passesThrough() ? Optional.of(PassThroughProvider.factory()) : forPrefix(deployment.provider());
  }

  /** For messages: "supported: custom_openai, hosted_vllm, ...". */
  public static String supported() {
    return String.join(", ", new TreeSet<>(BY_PREFIX.keySet()));
  }

  /** Providers whose default base is a server on this machine or network rather than a hosted API. */
  private static final Set<String> LOCAL = Set.of("ollama", "ollama_chat", "llamafile", "lm_studio", "hosted_vllm",
      "custom_openai");

  /** True for a provider whose default base is on the gateway's own machine or network. */
  public static boolean servesLocally(String prefix) {
    return LOCAL.contains(prefix);
  }

  /** LiteLLM providers Lantern does not serve (yet): named as such rather than as unknown. */
  private static final Set<String> LITELLM_ONLY = Set.of("bedrock", "bedrock_converse", "sagemaker", "sagemaker_chat",
      "vertex_ai", "vertex_ai_beta", "cohere", "cohere_chat", "huggingface", "replicate", "watsonx", "databricks",
      "cloudflare", "ai21", "nlp_cloud", "aleph_alpha", "petals", "baseten", "predibase", "clarifai", "voyage",
      "triton", "oci", "snowflake", "dashscope", "volcengine", "friendliai", "azure_ai", "text-completion-openai",
      "codestral", "palm", "vllm", "nvidia_nim", "sambanova", "perplexity", "github", "openai_like", "jina_ai",
      "empower", "galadriel", "nscale", "featherless_ai", "novita", "lambda_ai", "hyperbolic", "moonshot", "v0");

  /**
   * Why a deployment with this prefix cannot be served, and what to write instead: a likely
   * spelling of a known prefix ({@code mistralai} → {@code mistral}), and the two ways any
   * OpenAI-compatible model can be reached.
   */
  public static String unknownPrefixAdvice(String prefix, String upstreamModel) {
    if (LITELLM_ONLY.contains(prefix)) {
      return "provider '" + prefix + "' is a LiteLLM provider Lantern does not serve yet; Lantern serves " + supported()
          + ". Many of its models are on OpenRouter too (openrouter/<vendor>/<model>), and any OpenAI-compatible "
          + "endpoint works as openai/<model> with api_base";
    }
    StringBuilder advice = new StringBuilder("provider '").append(prefix).append("' is not one Lantern or LiteLLM knows");
    closest(prefix).ifPresent(known -> advice.append(" (did you mean ").append(known).append('/').append(upstreamModel)
        .append("?)"));
    return advice.append("; Lantern serves ").append(supported())
        .append(". An OpenRouter model is written openrouter/").append(prefix).append('/').append(upstreamModel)
        .append(", and any OpenAI-compatible server works as openai/<model> with api_base").toString();
  }

  /** A served prefix the unknown one is probably meant to be: the same but for _ and -, or one starts the other. */
  private static Optional<String> closest(String prefix) {
    String plain = prefix.toLowerCase(java.util.Locale.ROOT).replace("_", "").replace("-", "");
    for (String known : new TreeSet<>(BY_PREFIX.keySet())) {
      String knownPlain = known.replace("_", "");
      if (plain.equals(knownPlain) || plain.startsWith(knownPlain) && knownPlain.length() >= 4
          || knownPlain.startsWith(plain) && plain.length() >= 4) {
        return Optional.of(known);
      }
    }
    return Optional.empty();
  }
}
