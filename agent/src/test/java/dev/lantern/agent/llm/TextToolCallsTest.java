package dev.lantern.agent.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.agent.llm.TextToolCalls.Calls;
import dev.lantern.agent.llm.TextToolCalls.None;
import dev.lantern.agent.llm.TextToolCalls.Unusable;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class TextToolCallsTest {
  private static final Set<String> TOOLS = Set.of("pods_list", "pods_log");

  @Test
  void hermesStyleTaggedCallsAreParsed() {
    var found = TextToolCalls.find("Let me check.\n<tool_call>\n{\"name\": \"pods_list\", \"arguments\": "
        + "{\"namespace\": \"demo\"}}\n</tool_call>", TOOLS);

    assertThat(found).isInstanceOf(Calls.class);
    Calls calls = (Calls) found;
    assertThat(calls.calls()).singleElement().satisfies(call -> {
      assertThat(call.name()).isEqualTo("pods_list");
      assertThat(call.arguments()).isEqualTo("{\"namespace\":\"demo\"}");
    });
    assertThat(calls.text()).isEqualTo("Let me check.");
  }

  @Test
  void llamaMistralAndBareJsonFormsAreParsed() {
    assertThat(TextToolCalls.find("<function=pods_log>{\"name\": \"web\"}</function>", TOOLS))
        .isInstanceOfSatisfying(Calls.class, c -> assertThat(c.calls().getFirst().name()).isEqualTo("pods_log"));
    assertThat(TextToolCalls.find("[TOOL_CALLS] [{\"name\": \"pods_list\", \"arguments\": {}}, "
        + "{\"name\": \"pods_log\", \"arguments\": {\"name\": \"a\"}}]", TOOLS))
        .isInstanceOfSatisfying(Calls.class, c -> assertThat(c.calls()).hasSize(2));
    assertThat(TextToolCalls.find("{\"name\": \"pods_list\", \"parameters\": {\"namespace\": \"x\"}}", TOOLS))
        .isInstanceOfSatisfying(Calls.class, c -> assertThat(c.calls().getFirst().arguments()).contains("\"x\""));
    assertThat(TextToolCalls.find("```json\n{\"name\": \"pods_list\", \"arguments\": {}}\n```", TOOLS))
        .isInstanceOf(Calls.class);
  }

  @Test
  void callsThatCannotBeUsedAreReportedWithTheReason() {
    assertThat(TextToolCalls.find("<tool_call>{\"name\": \"rm_rf\", \"arguments\": {}}</tool_call>", TOOLS))
        .isEqualTo(new Unusable("it names a tool that does not exist: 'rm_rf'"));
    assertThat(TextToolCalls.find("<tool_call>{\"name\": \"pods_list\", \"arguments\": {</tool_call>", TOOLS))
        .isEqualTo(new Unusable("its JSON does not parse"));
  }

  @Test
  void ordinaryAnswersAndJsonThatIsNotACallAreLeftAlone() {
    assertThat(TextToolCalls.find("All 3 pods are running.", TOOLS)).isInstanceOf(None.class);
    assertThat(TextToolCalls.find("{\"replicas\": 3}", TOOLS)).isInstanceOf(None.class);
    assertThat(TextToolCalls.find("```json\n{\"name\": \"web\", \"image\": \"nginx\"}\n```", TOOLS))
        .isInstanceOf(None.class);
    assertThat(TextToolCalls.find("<tool_call>{\"name\":\"pods_list\"}</tool_call>", Set.of()))
        .isInstanceOf(None.class);
  }

  @Property(tries = 500)
  void anyTextGivesAnAnswerNeverAnException(@ForAll String text) {
    assertThat(TextToolCalls.find(text, TOOLS)).isNotNull();
    assertThat(TextToolCalls.find("<tool_call>" + text + "</tool_call>", TOOLS)).isNotNull();
    assertThat(TextToolCalls.find("[TOOL_CALLS]" + text, TOOLS)).isNotNull();
  }
}
