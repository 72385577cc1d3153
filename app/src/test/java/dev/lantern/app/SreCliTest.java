package dev.lantern.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.common.json.Json;
import dev.lantern.testkit.MockCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lantern sre analyze}: its exit codes are a contract for cron jobs and CI. */
class SreCliTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir
  Path dir;

  private int run(String... args) {
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void problemsFoundExitWithOneAndAreListed() throws Exception {
    try (MockCluster cluster = MockCluster.seeded()) {
      int code = run("sre", "analyze", "--kubeconfig", cluster.writeKubeconfig(dir).toString());

      assertThat(code).as(err.toString()).isEqualTo(1);
      assertThat(out.toString()).contains("CRITICAL CrashLoopBackOff Pod demo/crashy", "Unschedulable Pod demo/pending");
      for (String secret : MockCluster.SECRET_VALUES) {
        assertThat(out.toString()).doesNotContain(secret);
      }
    }
  }

  @Test
  void aHealthyClusterExitsWithZero() throws Exception {
    try (MockCluster cluster = MockCluster.start()) {
      int code = run("sre", "analyze", "--kubeconfig", cluster.writeKubeconfig(dir).toString(), "-n", "demo");

      assertThat(code).as(err.toString()).isZero();
      assertThat(out.toString()).startsWith("No problems found in namespace demo");
    }
  }

  @Test
  void jsonOutputParsesAndNamesEachFinding() throws Exception {
    try (MockCluster cluster = MockCluster.seeded()) {
      run("sre", "analyze", "--kubeconfig", cluster.writeKubeconfig(dir).toString(), "-o", "json");

      var json = Json.MAPPER.readTree(out.toString());
      assertThat(json.path("findings").valueStream().map(f -> f.path("kind").asString()))
          .contains("CrashLoopBackOff", "Unschedulable");
    }
  }

  @Test
  void anUnreachableClusterExitsWithTwoAndOneLine() throws Exception {
    Path kubeconfig = Files.writeString(dir.resolve("config"), """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: "https://127.0.0.1:9"}}]
        users: [{name: u, user: {token: t}}]
        contexts: [{name: x, context: {cluster: c, user: u}}]
        current-context: x
        """);

    int code = run("sre", "analyze", "--kubeconfig", kubeconfig.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("could not read the cluster").doesNotContain("\tat ");
  }

  @Test
  void evalScoresTheShippedCasesWithTheAnalyzersAlone() {
    int code = run("sre", "eval", "--cases",
        dev.lantern.testkit.ExternalTool.projectRoot().resolve("examples/sre-eval").toString());

    assertThat(code).as(out + "\n" + err).isZero();
    assertThat(out.toString()).contains("crashloop-missing-env", "healthy-cluster").containsPattern("analyzers: (\\d+)/\\1 cases");
  }

  @Test
  void evalWithoutCasesSaysWhereTheyAre() {
    int code = run("sre", "eval", "--cases", dir.resolve("nothing").toString());

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("no eval cases at").contains("examples/sre-eval").doesNotContain("\tat ");
  }

  @Test
  void aWrongOutputFormatIsRefused() {
    assertThat(run("sre", "analyze", "-o", "yaml")).isEqualTo(2);
    assertThat(err.toString()).contains("--output must be text or json");
  }
}
