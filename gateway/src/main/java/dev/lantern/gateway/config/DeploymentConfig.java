package dev.lantern.gateway.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of LiteLLM's {@code model_list}: a public model name ({@code model_name}) served by
 * one upstream model ({@code litellm_params.model}, e.g. {@code openrouter/qwen/qwen3-coder:free}).
 *
 * @param id              {@code model_info.id}, or a stable hash of the entry (see {@link LiteLlmConfig})
 * @param provider        the prefix of {@code model}: {@code openrouter}, {@code openai}, ...
 * @param upstreamModel   {@code model} without the provider prefix: what the upstream is sent
 * @param apiBase         {@code api_base}, or empty for the provider's default
 * @param maxParallel     {@code max_parallel_requests}: calls in flight at most, or 0 for no bound
 * @param pricing         USD per token from config (input, output, cache reads and writes), or none for the bundled table
 * @param maxInputTokens  {@code model_info.max_input_tokens}, or empty for the bundled table
 * @param supportsFunctionCalling {@code model_info.supports_function_calling}, or empty for the bundled table
 * @param apiVersion      {@code api_version} (Azure's {@code api-version} query parameter), or empty for the provider's default
 * @param configPath      where the entry is in the file, e.g. {@code model_list[3]}, for messages
 */
public record DeploymentConfig(
    String modelName,
    String model,
    String id,
    String provider,
    String upstreamModel,
    Optional<String> apiBase,
    Credential apiKey,
    Optional<Integer> rpm,
    Optional<Integer> tpm,
    Optional<Double> weight,
    Optional<Duration> timeout,
    Optional<Duration> streamTimeout,
    Pricing pricing,
    Map<String, String> headers,
    int maxParallel,
    Optional<Duration> cooldownTime,
    Optional<Integer> maxInputTokens,
    Optional<Boolean> supportsFunctionCalling,
    Optional<String> apiVersion,
    String configPath) {

  public Optional<Double> inputCostPerToken() {
    return pricing.input();
  }

  public Optional<Double> outputCostPerToken() {
    return pricing.output();
  }

  /** LiteLLM's catch-all, {@code model: "*"}: each call goes to the provider its requested name says. */
  public boolean passesThrough() {
    return model.equals("*");
  }

  /** These settings without the entry's key and extra headers: the provider's own variables apply. */
  public DeploymentConfig withoutCredentials() {
    return new DeploymentConfig(modelName, model, id, provider, upstreamModel, apiBase, Credential.none(), rpm, tpm,
        weight, timeout, streamTimeout, pricing, Map.of(), maxParallel, cooldownTime, maxInputTokens,
        supportsFunctionCalling, apiVersion, configPath);
  }

  /** This deployment's settings (base, key, limits) for another model string. */
  public DeploymentConfig forModel(String litellmModel) {
    ModelString split = ModelString.parse(litellmModel);
    return new DeploymentConfig(modelName, litellmModel, id, split.provider(), split.model(), apiBase, apiKey, rpm, tpm,
        weight, timeout, streamTimeout, pricing, headers, maxParallel, cooldownTime,
        maxInputTokens, supportsFunctionCalling, apiVersion, configPath);
  }
}
