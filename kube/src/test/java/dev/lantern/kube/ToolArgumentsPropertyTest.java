package dev.lantern.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Random arguments to every tool over MCP: the server always answers with a result. */
class ToolArgumentsPropertyTest {
  private static KubeMcpHarness harness;

  @BeforeContainer
  static void start() {
    harness = KubeMcpHarness.start();
  }

  @AfterContainer
  static void stop() {
    harness.close();
  }

  /** Any arguments, to any tool: a result always comes back; a failure is a tool error. */
  @Property(tries = 150)
  void anyArgumentsGetAResultNeverATransportFailure(@ForAll("tools") String tool, @ForAll("arguments") Map<String, Object> arguments) {
    var result = harness.call(tool, arguments);
    assertThat(result.content()).isNotEmpty();
    assertThat(KubeMcpHarness.text(result)).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Provide
  Arbitrary<String> tools() {
    return Arbitraries.of(EveryTool.CALLS.stream().map(EveryTool.Call::tool).distinct().toList());
  }

  @Provide
  Arbitrary<Map<String, Object>> arguments() {
    Arbitrary<String> keys = Arbitraries.of("name", "namespace", "apiVersion", "kind", "tail", "previous", "container",
        "labelSelector", "fieldSelector", "all_namespaces", "label_selector", "minified", "extra");
    Arbitrary<Object> values = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(30).map(s -> (Object) s),
        Arbitraries.of("demo", "web", "v1", "Pod", "example.com/v1", "Widget", "node-1", "app=web").map(s -> (Object) s),
        Arbitraries.longs().map(l -> (Object) l),
        Arbitraries.of(true, false).map(b -> (Object) b),
        Arbitraries.just((Object) Map.of("nested", 1)));
    return Arbitraries.maps(keys, values).ofMaxSize(4).map(HashMap::new);
  }

}
