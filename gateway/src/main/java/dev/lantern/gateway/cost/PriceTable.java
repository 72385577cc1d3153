package dev.lantern.gateway.cost;

import dev.lantern.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** Per-token prices bundled with the gateway, keyed by LiteLLM model string. */
public final class PriceTable {
  private static final String RESOURCE = "/dev/lantern/gateway/cost/model_prices.json";

  private final Map<String, Price> prices;

  private PriceTable(Map<String, Price> prices) {
    this.prices = Map.copyOf(prices);
  }

  /** USD per prompt token and per completion token. */
  public record Price(double input, double output) {}

  public static PriceTable bundled() {
    try (InputStream in = PriceTable.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the gateway jar");
      }
      Map<String, Price> prices = new HashMap<>();
      for (Map.Entry<String, JsonNode> entry : Json.MAPPER.readTree(in).properties()) {
        JsonNode row = entry.getValue();
        if (row.isObject() && row.has("input_cost_per_token") && row.has("output_cost_per_token")) {
          prices.put(entry.getKey(), new Price(
              row.get("input_cost_per_token").doubleValue(), row.get("output_cost_per_token").doubleValue()));
        }
      }
      return new PriceTable(prices);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The price of a model, by its full LiteLLM string or, failing that, without the prefix. */
  public Optional<Price> find(String model, String upstreamModel) {
    return Optional.ofNullable(prices.get(model)).or(() -> Optional.ofNullable(prices.get(upstreamModel)));
  }
}
