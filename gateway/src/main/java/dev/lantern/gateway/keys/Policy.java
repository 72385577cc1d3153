package dev.lantern.gateway.keys;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lantern.gateway.config.ModelPattern;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a key or a team may do, as set through the management API. A null limit means none, as
 * LiteLLM's {@code None}; an empty model list means every model.
 *
 * @param budgetDuration how often spend resets ({@code 30s}, {@code 1h}, {@code 1d}, {@code 30d}, {@code 1mo}), or null for never
 */
public record Policy(List<String> models, Double maxBudget, String budgetDuration, Long rpmLimit, Long tpmLimit,
    Integer maxParallelRequests, ObjectNode metadata) {

  /** The model name LiteLLM uses in a key's list for "every model the proxy serves". */
  public static final String ALL_MODELS = "all-proxy-models";
  /** LiteLLM's name, in a key's list, for "every model its team may use". */
  public static final String ALL_TEAM_MODELS = "all-team-models";

  public Policy {
    models = List.copyOf(models);
  }

  /**
   * Whether the list allows this model name. An entry with a {@code *} ({@code "openai/*"}, or the
   * wildcard route's own name) allows every name it matches, as the route itself would.
   */
  public boolean allowsModel(String model) {
    // all-team-models defers to the team's own list, which the team's check applies.
    return models.isEmpty() || models.contains(model) || models.contains(ALL_MODELS) || models.contains(ALL_TEAM_MODELS)
        || models.stream().anyMatch(entry -> ModelPattern.isPattern(entry)
            && PATTERNS.get(entry, ModelPattern::of).matchesWhole(model));
  }

  /** Compiled once: a key's patterns are checked on every call it makes. */
  private static final Cache<String, ModelPattern> PATTERNS = Caffeine.newBuilder().maximumSize(1024).build();
}
