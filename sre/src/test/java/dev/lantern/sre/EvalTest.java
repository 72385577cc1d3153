package dev.lantern.sre;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.agent.llm.OpenAiChatClient;
import dev.lantern.sre.eval.Eval;
import dev.lantern.sre.eval.EvalCase;
import dev.lantern.testkit.ExternalTool;
import dev.lantern.testkit.FakeOpenAi;
import dev.lantern.testkit.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped eval cases (examples/sre-eval) and the scoring of answers. */
class EvalTest {
  static final Path CASES = ExternalTool.projectRoot().resolve("examples/sre-eval");

  @Test
  void theAnalyzersAloneSolveEveryShippedCase() {
    List<EvalCase> cases = EvalCase.loadAll(CASES);
    List<Eval.AnalyzerScore> scores = cases.stream().map(c -> Eval.analyzers(c, Instant.now())).toList();

    assertThat(cases).hasSizeGreaterThanOrEqualTo(25);
    assertThat(scores).as(Eval.analyzerTable(scores)).allMatch(Eval.AnalyzerScore::passed);
    assertThat(scores).as("a report stays small").allMatch(s -> s.tokens() < 2000);
  }

  @Test
  void anAnswerWithTheFactsPassesAndOneThatInventsAnObjectFails() throws Exception {
    EvalCase crash = EvalCase.load(CASES.resolve("crashloop-missing-env"));
    try (FakeOpenAi model = FakeOpenAi.start()) {
      model.script("m",
          Reply.toolCall("mcp_kubernetes_pods_log", "{\"namespace\":\"shop\",\"name\":\"checkout-6c8f9-0\",\"previous\":true}"),
          Reply.text("**Root cause:** Deployment shop/checkout exits with exit code 1: DATABASE_URL is not set."),
          Reply.text("**Root cause:** shop/checkout-db is down, so checkout exits with exit code 1 (DATABASE_URL)."));
      SreSettings settings = SreSettings.fromEnv(Map.of("OPENAI_API_BASE", model.baseUrl("m"), "SRE_MODEL", "m"));
      OpenAiChatClient client = new OpenAiChatClient(settings.baseUrl(), null, Duration.ofSeconds(5),
          Duration.ofSeconds(30), Duration.ofSeconds(30));

      Eval.ModelScore good = Eval.investigate(crash, settings, client, Instant.now());
      Eval.ModelScore invented = Eval.investigate(crash, settings, client, Instant.now());

      assertThat(good.passed()).as(Eval.modelTable("m", List.of(good))).isTrue();
      assertThat(good.facts()).isEqualTo(2);
      assertThat(good.steps()).isEqualTo(2);
      String log = model.received("m").get(1).body().path("messages").toString();
      assertThat(log).as("the case's log was served as kube-mcp's pods_log").contains("DATABASE_URL is not set");
      assertThat(model.received("m").get(0).body().path("messages").get(1).path("content").asString())
          .contains("WorkloadUnavailable Deployment shop/checkout");
      assertThat(invented.passed()).isFalse();
      assertThat(invented.invented()).containsExactly("shop/checkout-db");
      assertThat(Eval.modelTable("m", List.of(good, invented))).contains("m: 1/2 cases").contains("invented: shop/checkout-db");
    }
  }
}
