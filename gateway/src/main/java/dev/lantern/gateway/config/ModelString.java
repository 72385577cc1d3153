package dev.lantern.gateway.config;

/**
 * A LiteLLM model string split as LiteLLM splits it: {@code provider/model}, where a name without a
 * prefix is OpenAI's, except Anthropic's {@code claude-*} models, which LiteLLM recognises by name.
 *
 * @param provider the prefix: {@code openrouter}, {@code anthropic}, ...
 * @param model    what the upstream is sent
 */
public record ModelString(String provider, String model) {
  public static ModelString parse(String litellmModel) {
    int slash = litellmModel.indexOf('/');
    if (slash > 0) {
      return new ModelString(litellmModel.substring(0, slash), litellmModel.substring(slash + 1));
    }
    return new ModelString(litellmModel.startsWith("claude-") ? "anthropic" : "openai", litellmModel);
  }
}
