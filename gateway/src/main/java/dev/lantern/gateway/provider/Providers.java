package dev.lantern.gateway.provider;

import dev.lantern.gateway.provider.openai.OpenAiCompatibleProvider;
import dev.lantern.gateway.provider.openai.OpenAiProfile;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The providers the gateway can call, by the prefix of {@code litellm_params.model}. Adding one is
 * one class and one line here.
 */
public final class Providers {
  private static final Map<String, ProviderFactory> BY_PREFIX = Map.of(
      "openrouter", OpenAiCompatibleProvider.factory(OpenAiProfile.OPENROUTER),
      "openai", OpenAiCompatibleProvider.factory(OpenAiProfile.OPENAI),
      "custom_openai", OpenAiCompatibleProvider.factory(OpenAiProfile.CUSTOM_OPENAI),
      "ollama", OpenAiCompatibleProvider.factory(OpenAiProfile.OLLAMA),
      "ollama_chat", OpenAiCompatibleProvider.factory(OpenAiProfile.OLLAMA),
      "hosted_vllm", OpenAiCompatibleProvider.factory(OpenAiProfile.HOSTED_VLLM),
      "llamafile", OpenAiCompatibleProvider.factory(OpenAiProfile.LLAMAFILE),
      "lm_studio", OpenAiCompatibleProvider.factory(OpenAiProfile.LM_STUDIO));

  private Providers() {}

  public static Optional<ProviderFactory> forPrefix(String prefix) {
    return Optional.ofNullable(BY_PREFIX.get(prefix));
  }

  /** For messages: "supported: custom_openai, hosted_vllm, ...". */
  public static String supported() {
    return String.join(", ", new TreeSet<>(BY_PREFIX.keySet()));
  }
}
