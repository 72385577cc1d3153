package dev.lantern.agent.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.agent.llm.ToolCall;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever a model sends as a tool call, the runner gives one result per call and never throws. */
class ToolRunnerPropertyTest {
  private final List<String> received = new ArrayList<>();
  private final ToolBox tools = new ToolBox().add(
      Tools.define("pods_log", "logs", Tools.schema("""
          {"type":"object","properties":{"name":{"type":"string"},"tail":{"type":"integer"},
           "previous":{"type":"boolean"}},"required":["name"]}"""), true, args -> {
        String name = args.required("name");
        long tail = args.integer("tail", 1, 10_000).orElse(100L);
        received.add(name);
        return ToolResult.ok("x".repeat((int) Math.min(tail, 50)));
      }));
  private final ToolRunner runner = new ToolRunner(30);

  @Property(tries = 500)
  void anyCallGetsExactlyOneResultAndNothingEscapes(@ForAll("names") String name, @ForAll("arguments") String arguments) {
    List<ToolResult> results = runner.run(List.of(new ToolCall("c1", name, arguments)), tools.snapshot());

    assertThat(results).hasSize(1);
    ToolResult result = results.getFirst();
    assertThat(result.text()).isNotNull();
    if (result.error()) {
      assertThat(result.text()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
    } else {
      assertThat(name).isEqualTo("pods_log");
      assertThat(result.text().length()).isLessThanOrEqualTo(30 + 200);
    }
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.oneOf(Arbitraries.just("pods_log"), Arbitraries.strings().ofMaxLength(300));
  }

  @Provide
  Arbitrary<String> arguments() {
    Arbitrary<String> values = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20).map(v -> "\"" + v.replace("\\", "")
        .replace("\"", "") + "\""), Arbitraries.integers().map(String::valueOf),
        Arbitraries.of("true", "null", "[]", "{}", "1e400", "-1", "99999999999999999999", "\"12\""));
    Arbitrary<String> objects = Arbitraries.of("name", "tail", "previous", "other")
        .flatMap(key -> values.map(value -> "{\"" + key + "\":" + value + "}"));
    return Arbitraries.oneOf(objects, values, Arbitraries.strings().ofMaxLength(100),
        Arbitraries.of("{\"name\":\"web\",\"tail\":5}", "{\"name\":\"web\",\"tail\":\"7\"}", "{", "[1,2]", ""));
  }
}
