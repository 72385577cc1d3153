package dev.lantern.testkit;

import dev.lantern.common.json.Json;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import tools.jackson.databind.JsonNode;

/** Generators for hostile JSON bodies: random values, objects with a service's real field names, cut-off text. */
public final class JsonArbitraries {
  private JsonArbitraries() {}

  /** Any JSON value nested up to {@code depth} levels. */
  public static Arbitrary<JsonNode> json(int depth) {
    Arbitrary<JsonNode> scalar = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(20).map(Json.NODES::stringNode),
        Arbitraries.longs().map(Json.NODES::numberNode),
        Arbitraries.doubles().map(Json.NODES::numberNode),
        Arbitraries.of(true, false).map(Json.NODES::booleanNode),
        Arbitraries.just(Json.NODES.nullNode()));
    if (depth == 0) {
      return scalar;
    }
    Arbitrary<JsonNode> array = json(depth - 1).list().ofMaxSize(4).map(JsonArbitraries::array);
    return Arbitraries.oneOf(scalar, array, objects(Arbitraries.strings().alpha().ofMaxLength(8), json(depth - 1), 4));
  }

  /** Objects whose keys come from {@code keys}: the real field names with values of any type are the likeliest mistakes. */
  public static Arbitrary<JsonNode> objects(Arbitrary<String> keys, Arbitrary<JsonNode> values, int maxSize) {
    return Arbitraries.maps(keys, values).ofMaxSize(maxSize).map(map -> {
      var object = Json.object();
      map.forEach(object::set);
      return (JsonNode) object;
    });
  }

  public static JsonNode array(List<JsonNode> items) {
    var node = Json.NODES.arrayNode();
    items.forEach(node::add);
    return node;
  }

  /** A prefix of {@code text}: a body cut off mid-way. */
  public static Arbitrary<String> truncated(String text) {
    return Arbitraries.integers().between(0, Math.max(0, text.length() - 1)).map(cut -> text.substring(0, cut));
  }
}
