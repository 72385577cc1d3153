package dev.lantern.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI contract: one clear line and a non-zero exit for a user's mistake, never a stack trace. */
class CliTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void missingConfigFileIsOneLineAndExitCode2(@TempDir Path dir) {
    int code = run("gateway", "--config", dir.resolve("nope.yaml").toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip()).isEqualTo("lantern: invalid config: " + dir.resolve("nope.yaml") + ": file not found");
  }

  @Test
  void invalidConfigNamesFileKeyPathAndReason(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("config.yaml");
    Files.writeString(config, "router_settings:\n  num_retries: many\n");

    int code = run("gateway", "--config", config.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains(config + ": router_settings.num_retries: expected a whole number")
        .doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void checkValidatesTheExampleConfigAndListsModels() {
    Path example = dev.lantern.testkit.ExternalTool.projectRoot().resolve("examples/gateway/config.yaml");

    int code = run("gateway", "--config", example.toString(), "--check");

    assertThat(code).isZero();
    assertThat(out.toString()).contains("ok, models [free, free2, cheap, strong]");
  }

  @Test
  void checkWarnsOfEntriesTheGatewayWouldSkipAndSaysWhatToWrite(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("config.yaml");
    Files.writeString(config, """
        model_list:
          - {model_name: free, litellm_params: {model: openrouter/qwen/qwen3-coder:free}}
          - {model_name: mixtral, litellm_params: {model: mistralai/mixtral-8x7b, tpm: 20_000}}
        """);

    int code = run("gateway", "--config", config.toString(), "--check");

    assertThat(code).isZero();
    assertThat(out.toString()).contains("ok, models [free, mixtral], 1 warning")
        .contains("warning: " + config + ": model_list[1].litellm_params.model: provider 'mistralai'")
        .contains("did you mean mistral/mixtral-8x7b?");
  }

  @Test
  void unknownOptionShowsUsageAndFails() {
    int code = run("gateway", "--config", "x.yaml", "--prot", "4000");

    assertThat(code).isNotZero();
    assertThat(err.toString()).contains("Unknown options: '--prot'").contains("Usage: lantern gateway");
  }

  @Test
  void helpListsTheGatewayCommand() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("gateway");
  }
}
