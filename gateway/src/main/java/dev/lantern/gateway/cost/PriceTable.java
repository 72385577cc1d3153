package dev.lantern.gateway.cost;

import dev.lantern.common.json.Json;
import dev.lantern.gateway.config.Pricing;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Per-token prices and context windows bundled with the gateway, keyed by LiteLLM model string
 * (the format of LiteLLM's model_prices_and_context_window.json).
 */
public final class PriceTable {
  private static final String RESOURCE = "/dev/lantern/gateway/cost/model_prices.json";

  private final Map<String, Pricing> prices;
  private final Map<String, Facts> facts;

  private PriceTable(Map<String, Pricing> prices, Map<String, Facts> facts) {
    this.prices = Map.copyOf(prices);
    this.facts = Map.copyOf(facts);
  }

  /** What the pre-call checks need: the prompt tokens a model takes, and whether it takes tools. */
  public record Facts(Optional<Integer> maxInputTokens, Optional<Boolean> supportsFunctionCalling) {}

  public static PriceTable bundled() {
    try (InputStream in = PriceTable.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the gateway jar");
      }
      Map<String, Pricing> prices = new HashMap<>();
      Map<String, Facts> facts = new HashMap<>();
      for (Map.Entry<String, JsonNode> entry : Json.MAPPER.readTree(in).properties()) {
        JsonNode row = entry.getValue();
        if (row.isObject() && row.has("input_cost_per_token") && row.has("output_cost_per_token")) {
          prices.put(entry.getKey(), new Pricing(Optional.of(row.get("input_cost_per_token").doubleValue()),
              Optional.of(row.get("output_cost_per_token").doubleValue()), price(row, "cache_read_input_token_cost"),
              price(row, "cache_creation_input_token_cost")));
        }
        if (row.isObject() && (row.has("max_input_tokens") || row.has("supports_function_calling"))) {
          facts.put(entry.getKey(), new Facts(
              Optional.ofNullable(row.get("max_input_tokens")).filter(JsonNode::canConvertToInt).map(JsonNode::intValue),
              Optional.ofNullable(row.get("supports_function_calling")).filter(JsonNode::isBoolean)
                  .map(JsonNode::booleanValue)));
        }
      }
      return new PriceTable(prices, facts);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The context window and tool support of a model, looked up as {@link #find}. */
  public Facts facts(String model, String upstreamModel) {
    return Optional.ofNullable(facts.get(model)).or(() -> Optional.ofNullable(facts.get(upstreamModel)))
        .orElse(new Facts(Optional.empty(), Optional.empty()));
  }

  private static Optional<Double> price(JsonNode row, String field) {
    return Optional.ofNullable(row.get(field)).filter(JsonNode::isNumber).map(JsonNode::doubleValue);
  }

  /** The price of a model, by its full LiteLLM string or, failing that, without the prefix. */
  public Optional<Pricing> find(String model, String upstreamModel) {
    return Optional.ofNullable(prices.get(model)).or(() -> Optional.ofNullable(prices.get(upstreamModel)));
  }
}
