package dev.lantern.app;

import dev.lantern.assistant.home.LanternHome;
import dev.lantern.assistant.pairing.PairedUser;
import dev.lantern.assistant.pairing.Pairing;
import dev.lantern.assistant.pairing.PendingCode;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code lantern assistant pairing list|approve PLATFORM CODE|revoke PLATFORM USER}: the owner's
 * side of DM pairing, on state.db. {@code assistant serve} sees an approval at the user's next
 * message, without a restart.
 */
@Command(name = "pairing", mixinStandardHelpOptions = true,
    description = "List pairing requests, approve a stranger's code, or revoke a paired user.")
final class AssistantPairing implements Callable<Integer> {
  private static final List<String> PLATFORMS = List.of("telegram", "discord");

  @CommandLine.ParentCommand
  AssistantCommand parent;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ACTION", defaultValue = "list",
      description = "list (default), approve PLATFORM CODE, or revoke PLATFORM USER")
  String action;

  @Parameters(index = "1", arity = "0..1", paramLabel = "PLATFORM", description = "telegram or discord")
  String platform;

  @Parameters(index = "2", arity = "0..1", paramLabel = "CODE|USER",
      description = "The code the stranger was sent (approve), or their numeric user id (revoke).")
  String subject;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    LanternHome home = parent.home().prepare();
    try (Pairing pairing = Pairing.open(home.stateDb(), Clock.systemUTC())) {
      switch (action) {
        case "list" -> list(pairing, out);
        case "approve" -> {
          PairedUser user = pairing.approve(platform(), required("CODE", "the code the user was sent"));
          out.printf("Approved %s user %d%s: they can talk to the assistant now.%n", user.platform(), user.userId(),
              user.userName() == null ? "" : " (" + user.userName() + ")");
        }
        case "revoke" -> {
          long user = userId(required("USER", "a numeric user id; 'pairing list' shows the paired ones"));
          out.println(pairing.revoke(platform(), user) ? "Revoked " + platform + " user " + user + "."
              : platform + " user " + user + " was not paired (users in the configured allow list stay allowed).");
        }
        default -> throw new IllegalArgumentException("unknown action '" + action
            + "': use list, approve PLATFORM CODE or revoke PLATFORM USER");
      }
      return 0;
    }
  }

  private static void list(Pairing pairing, PrintWriter out) {
    List<PendingCode> pending = pairing.pending();
    List<PairedUser> paired = pairing.paired();
    out.println(pending.isEmpty() ? "No pairing requests are waiting." : "Waiting for approval:");
    for (PendingCode code : pending) {
      out.printf("  %-9s %s  user %d%s, expires %s%n", code.platform(), code.code(), code.userId(),
          code.userName() == null ? "" : " (" + code.userName() + ")", code.expiresAt());
    }
    out.println(paired.isEmpty() ? "No paired users." : "Paired users:");
    for (PairedUser user : paired) {
      out.printf("  %-9s user %d%s, since %s%n", user.platform(), user.userId(),
          user.userName() == null ? "" : " (" + user.userName() + ")", user.approvedAt());
    }
  }

  private String platform() {
    String name = required("PLATFORM", String.join(" or ", PLATFORMS)).toLowerCase(Locale.ROOT);
    if (!PLATFORMS.contains(name)) {
      throw new IllegalArgumentException("unknown platform '" + name + "': use " + String.join(" or ", PLATFORMS));
    }
    platform = name;
    return name;
  }

  private String required(String label, String what) {
    String value = label.equals("PLATFORM") ? platform : subject;
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("'pairing " + action + "' needs " + label + ": " + what);
    }
    return value.strip();
  }

  private static long userId(String text) {
    if (!text.matches("\\d{1,19}")) {
      throw new IllegalArgumentException("USER must be a numeric user id, such as 123456789");
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("USER must be a numeric user id, such as 123456789");
    }
  }
}
