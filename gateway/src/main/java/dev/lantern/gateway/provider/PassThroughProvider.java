package dev.lantern.gateway.provider;

import dev.lantern.gateway.config.DeploymentConfig;
import dev.lantern.gateway.config.ModelString;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.node.ObjectNode;

/**
 * LiteLLM's catch-all route ({@code model_name: "*"} with {@code model: "*"}): every call goes to
 * the provider its requested name names ({@code anthropic/claude-…}, {@code groq/llama-…}, a bare
 * {@code gpt-4o} to OpenAI). One provider per prefix is made on first use and kept.
 *
 * <p>Unlike LiteLLM, the entry's key and headers go only where its {@code api_base} points: without
 * one, each provider uses its own variables (an OpenAI key must not reach DeepSeek), and providers
 * whose default base is on this machine (Ollama, llamafile, LM Studio) are not reachable at all, so
 * a caller cannot make the gateway probe its own ports.
 */
public final class PassThroughProvider implements EmbeddingsProvider {
  private final DeploymentConfig deployment;
  private final ProviderContext context;
  private final Map<String, Provider> byPrefix = new ConcurrentHashMap<>();

  private PassThroughProvider(DeploymentConfig deployment, ProviderContext context) {
    this.deployment = deployment;
    this.context = context;
  }

  public static ProviderFactory factory() {
    return PassThroughProvider::new;
  }

  @Override
  public String name() {
    return "pass_through";
  }

  @Override
  public String apiBase() {
    return deployment.apiBase().orElse("(each provider's own)");
  }

  @Override
  public ProviderResponse chat(ObjectNode body, Duration timeout) throws UpstreamException {
    Call call = call(body);
    return call.provider().chat(call.body(), timeout);
  }

  @Override
  public ProviderStream stream(ObjectNode body, Duration timeout) throws UpstreamException {
    Call call = call(body);
    return call.provider().stream(call.body(), timeout);
  }

  @Override
  public ProviderResponse embeddings(ObjectNode body, Duration timeout) throws UpstreamException {
    Call call = call(body);
    if (!(call.provider() instanceof EmbeddingsProvider embeddings)) {
      throw new UpstreamException(FailureKind.BAD_REQUEST, 400, "provider '" + call.provider().name()
          + "' cannot create embeddings");
    }
    return embeddings.embeddings(call.body(), timeout);
  }

  private DeploymentConfig settingsFor(String prefix) {
    DeploymentConfig settings = deployment.forModel(prefix + "/*");
    return deployment.apiBase().isPresent() ? settings : settings.withoutCredentials();
  }

  private record Call(Provider provider, ObjectNode body) {}

  /** The provider the body's model names, and the body as that provider is sent it. */
  private Call call(ObjectNode body) throws UpstreamException {
    String requested = body.path("model").asString("");
    ModelString split = ModelString.parse(requested);
    if (split.model().isBlank()) {
      throw new UpstreamException(FailureKind.BAD_REQUEST, 400, "'" + requested + "' names no model after its "
          + "provider prefix");
    }
    Provider provider = byPrefix.get(split.provider());
    if (provider == null && deployment.apiBase().isEmpty() && Providers.servesLocally(split.provider())) {
      throw new UpstreamException(FailureKind.BAD_REQUEST, 400, "'" + requested + "': the catch-all route reaches "
          + "hosted providers only; a server on your own network needs a model_list entry with its api_base");
    }
    if (provider == null) {
      ProviderFactory factory = Providers.forPrefix(split.provider()).orElseThrow(() -> new UpstreamException(
          FailureKind.BAD_REQUEST, 400, "'" + requested + "': " + Providers.unknownPrefixAdvice(split.provider(),
              split.model())));
      try {
        provider = byPrefix.computeIfAbsent(split.provider(),
            prefix -> factory.create(settingsFor(prefix), context));
      } catch (IllegalArgumentException cannot) {
        throw new UpstreamException(FailureKind.BAD_REQUEST, 400, "'" + requested + "': " + cannot.getMessage());
      }
    }
    ObjectNode copy = body.objectNode();
    copy.setAll(body);
    copy.put("model", split.model());
    return new Call(provider, copy);
  }
}
