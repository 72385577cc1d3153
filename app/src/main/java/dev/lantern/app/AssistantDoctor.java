package dev.lantern.app;

import dev.lantern.assistant.Doctor;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code lantern assistant doctor}: says what is wrong with the setup, if anything. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = "Check the home directory, config, session database, model endpoint and MCP servers.")
final class AssistantDoctor implements Callable<Integer> {
  @CommandLine.ParentCommand
  AssistantCommand parent;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<Doctor.Check> checks = Doctor.run(parent.home(), parent.environment(), AssistantCommand.MCP_WAIT);
    for (Doctor.Check check : checks) {
      out.println((check.ok() ? "ok    " : "FAIL  ") + check.name() + ": " + check.detail());
    }
    long failed = checks.stream().filter(check -> !check.ok()).count();
    out.println(failed == 0 ? "All checks passed." : failed + " check(s) failed.");
    return failed == 0 ? 0 : Main.EXIT_FAILURE;
  }
}
