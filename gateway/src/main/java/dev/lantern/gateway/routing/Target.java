package dev.lantern.gateway.routing;

/**
 * What one attempt calls: a deployment, and the model it is asked for. They differ only for a
 * wildcard deployment ({@code model_name: "*"}, {@code model: openai/*}), which serves whatever
 * name matched its pattern.
 *
 * @param group         the model name the request is routed under: the requested name or a fallback
 * @param model         the full LiteLLM model string of this call, e.g. {@code openai/gpt-4o}
 * @param upstreamModel {@code model} without the provider prefix: what the upstream is sent
 */
public record Target(Deployment deployment, String group, String model, String upstreamModel) {
  /** A deployment called under its own group for its own model. */
  public static Target of(Deployment deployment) {
    return new Target(deployment, deployment.modelName(), deployment.model(), deployment.config().upstreamModel());
  }

  /** True when a wildcard pattern chose the model, so its names come from the client. */
  public boolean fromWildcard() {
    return !group.equals(deployment.modelName());
  }
}
