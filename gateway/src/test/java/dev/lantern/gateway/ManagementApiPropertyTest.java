package dev.lantern.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.common.json.Json;
import dev.lantern.testkit.JsonArbitraries;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.databind.JsonNode;

/**
 * Random bodies and query strings on every management route, with the master key: the answer is
 * a 200 or a 4xx in OpenAI's error shape, never a 500, and the gateway keeps serving. Whatever a
 * request made is really there: the number of keys listed is the number of successful generates.
 */
class ManagementApiPropertyTest {
  private static final String MASTER = "sk-master-property";
  private static final List<String> POSTS = List.of("/key/generate", "/key/update", "/key/delete", "/key/block",
      "/key/unblock", "/team/new", "/team/update", "/team/delete", "/team/block", "/team/unblock");
  private static final List<String> GETS = List.of("/key/info", "/key/list", "/team/info", "/team/list",
      "/spend/logs", "/global/spend/report");
  private static GatewayHarness harness;
  private static int generated;

  @BeforeContainer
  static void start() {
    harness = GatewayHarness.start("""
        model_list:
          - model_name: free
            litellm_params: {model: openai/free-model, api_base: "${free}"}
        general_settings:
          master_key: %s
        """.formatted(MASTER));
  }

  @AfterContainer
  static void stop() {
    harness.close();
  }

  @Property(tries = 300)
  void everyPostAnswersWithA200OrAShaped4xx(@ForAll("posts") String route, @ForAll("bodies") String body)
      throws Exception {
    HttpResponse<String> response = harness.post(route, body, "Authorization", "Bearer " + MASTER);
    assertWellFormed(response);
    if (route.equals("/key/generate") && response.statusCode() == 200) {
      generated++;
    }
    JsonNode list = Json.MAPPER.readTree(harness.get("/key/list?size=1", "Authorization", "Bearer " + MASTER).body());
    // Deletes may remove generated keys, so the list can be shorter, never longer.
    assertThat(list.path("total_count").asLong()).isLessThanOrEqualTo(generated);
  }

  @Property(tries = 150)
  void everyGetAnswersWithA200OrAShaped4xx(@ForAll("gets") String route, @ForAll("queries") Map<String, String> query)
      throws Exception {
    StringBuilder uri = new StringBuilder(route).append('?');
    query.forEach((name, value) -> uri.append(encode(name)).append('=').append(encode(value)).append('&'));
    assertWellFormed(harness.get(uri.toString(), "Authorization", "Bearer " + MASTER));
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static void assertWellFormed(HttpResponse<String> response) throws Exception {
    int status = response.statusCode();
    assertThat(status).as(response.body()).isIn(200, 400, 404, 413, 415);
    if (status >= 400) {
      JsonNode error = Json.MAPPER.readTree(response.body()).path("error");
      assertThat(error.path("message").isString()).as(response.body()).isTrue();
      assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }
    assertThat(harness.get("/health/liveliness").statusCode()).isEqualTo(200);
  }

  @Provide
  Arbitrary<String> posts() {
    return Arbitraries.of(POSTS);
  }

  @Provide
  Arbitrary<String> gets() {
    return Arbitraries.of(GETS);
  }

  @Provide
  Arbitrary<String> bodies() {
    Arbitrary<String> fields = Arbitraries.of("key", "keys", "key_alias", "key_aliases", "models", "max_budget",
        "budget_duration", "rpm_limit", "tpm_limit", "max_parallel_requests", "duration", "metadata", "team_id",
        "team_ids", "team_alias", "user_id", "blocked");
    Arbitrary<JsonNode> values = Arbitraries.oneOf(JsonArbitraries.json(2),
        Arbitraries.of("free", "all-proxy-models", "1h", "30s", "home", "sk-0123456789abcdefghij")
            .map(Json.NODES::stringNode),
        Arbitraries.of("free", "1d").map(v -> JsonArbitraries.array(List.of(Json.NODES.stringNode(v)))),
        Arbitraries.doubles().between(-5, 1e13).map(Json.NODES::numberNode));
    Arbitrary<JsonNode> objects = JsonArbitraries.objects(fields, values, 6);
    return Arbitraries.oneOf(objects.map(JsonNode::toString), objects.map(JsonNode::toString)
        .flatMap(JsonArbitraries::truncated), JsonArbitraries.json(2).map(JsonNode::toString));
  }

  @Provide
  Arbitrary<Map<String, String>> queries() {
    Arbitrary<String> names = Arbitraries.of("key", "team_id", "user_id", "api_key", "page", "size", "limit",
        "start_date", "end_date", "group_by", "return_full_object", "key_alias", "request_id");
    Arbitrary<String> values = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(30),
        Arbitraries.of("2026-12-03", "2026-13-45", "-1", "0", "99999999999", "team", "api_key", "model", "true",
            "2026-12-03T10:00:00Z"));
    return Arbitraries.maps(names, values).ofMaxSize(4);
  }
}
