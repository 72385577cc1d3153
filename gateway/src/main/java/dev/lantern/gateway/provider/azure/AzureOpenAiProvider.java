package dev.lantern.gateway.provider.azure;

import dev.lantern.gateway.config.Credential;
import dev.lantern.gateway.config.DeploymentConfig;
import dev.lantern.gateway.provider.ApiBase;
import dev.lantern.gateway.provider.EmbeddingsProvider;
import dev.lantern.gateway.provider.ProviderContext;
import dev.lantern.gateway.provider.ProviderFactory;
import dev.lantern.gateway.provider.ProviderResponse;
import dev.lantern.gateway.provider.ProviderStream;
import dev.lantern.gateway.provider.UpstreamException;
import dev.lantern.gateway.provider.UpstreamHttp;
import dev.lantern.gateway.provider.openai.OpenAiClient;
import dev.lantern.gateway.provider.openai.OpenAiProfile;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * Azure OpenAI, as LiteLLM's {@code azure/<deployment>} reaches it: the text after {@code azure/}
 * is the deployment's name, calls go to {@code {api_base}/openai/deployments/{name}/chat/completions
 * ?api-version=...}, and the key travels in the {@code api-key} header (or an Entra ID token as a
 * bearer). The wire format is OpenAI's, so the calls themselves are {@link OpenAiClient}'s.
 */
public final class AzureOpenAiProvider implements EmbeddingsProvider {
  /** LiteLLM's default when neither api_version nor AZURE_API_VERSION is set. */
  public static final String DEFAULT_API_VERSION = "2025-02-01-preview";
  private static final List<String> BASE_VARIABLES = List.of("AZURE_API_BASE", "AZURE_OPENAI_ENDPOINT");
  private static final List<String> KEY_VARIABLES = List.of("AZURE_OPENAI_API_KEY", "AZURE_API_KEY");

  private final String apiBase;
  /** The base below which deployments are named: {@code {api_base}/openai/deployments/}, or a full deployment URL. */
  private final String deploymentsBase;
  private final boolean baseNamesDeployment;
  private final String query;
  private final OpenAiClient client;

  private AzureOpenAiProvider(DeploymentConfig deployment, ProviderContext context) {
    Map<String, String> env = context.env();
    ApiBase base = ApiBase.parse(ApiBase.configuredOrFromEnv(deployment.apiBase(), BASE_VARIABLES, env).orElse(null),
        "azure", "https://my-resource.openai.azure.com (or set AZURE_API_BASE)");
    String version = deployment.apiVersion().or(() -> ApiBase.firstSet(List.of("AZURE_API_VERSION"), env))
        .orElse(DEFAULT_API_VERSION);
    this.apiBase = base.url();
    // A base that already names the deployment (…/openai/deployments/x) is used as it is, as LiteLLM does.
    this.baseNamesDeployment = base.url().contains("/openai/deployments/");
    this.deploymentsBase = baseNamesDeployment ? base.url() : base.url() + "/openai/deployments/";
    this.query = "?api-version=" + URLEncoder.encode(version, StandardCharsets.UTF_8);

    Credential key = deployment.apiKey().orFromEnv(KEY_VARIABLES, env);
    Optional<String> adToken = ApiBase.firstSet(List.of("AZURE_AD_TOKEN"), env);
    Map<String, String> headers = new LinkedHashMap<>(UpstreamHttp.extraHeaders(deployment));
    String secret = key.value().orElse(null);
    String missingKey = null;
    if (secret != null) {
      headers.put("api-key", secret);
    } else if (adToken.isPresent() && !deployment.apiKey().isMissing()) {
      secret = adToken.get();
      headers.put("Authorization", "Bearer " + secret);
    } else {
      missingKey = "model '" + deployment.modelName() + "' (" + deployment.model() + ") has no Azure key: set the "
          + "environment variable " + key.envVar().orElse("AZURE_API_KEY") + " (or AZURE_AD_TOKEN) and restart the gateway";
    }
    this.client = new OpenAiClient(context.http(), deployment.model(), headers, secret, missingKey,
        OpenAiProfile.Dialect.OPENAI);
  }

  public static ProviderFactory factory() {
    return AzureOpenAiProvider::new;
  }

  @Override
  public String name() {
    return "azure";
  }

  @Override
  public String apiBase() {
    return apiBase;
  }

  @Override
  public ProviderResponse chat(ObjectNode body, Duration timeout) throws UpstreamException {
    return client.chat(uri(body, "/chat/completions"), body, timeout);
  }

  @Override
  public ProviderStream stream(ObjectNode body, Duration timeout) throws UpstreamException {
    return client.stream(uri(body, "/chat/completions"), body, timeout);
  }

  @Override
  public ProviderResponse embeddings(ObjectNode body, Duration timeout) throws UpstreamException {
    return client.embeddings(uri(body, "/embeddings"), body, timeout);
  }

  /**
   * The deployment is the body's model: the name after azure/, or what a wildcard route ({@code
   * azure/*}) made of the requested name.
   */
  private URI uri(ObjectNode body, String operation) {
    if (baseNamesDeployment) {
      return URI.create(deploymentsBase + operation + query);
    }
    String name = URLEncoder.encode(body.path("model").asString(""), StandardCharsets.UTF_8).replace("+", "%20");
    return URI.create(deploymentsBase + name + operation + query);
  }
}
