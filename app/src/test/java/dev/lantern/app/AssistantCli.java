package dev.lantern.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** Runs {@code lantern assistant --home HOME ARGS…} in this JVM and returns what it printed, out and err together. */
final class AssistantCli {
  private AssistantCli() {}

  static String run(Path home, String... args) {
    StringWriter text = new StringWriter();
    PrintWriter writer = new PrintWriter(text, true);
    String[] all = new String[args.length + 3];
    all[0] = "assistant";
    all[1] = "--home";
    all[2] = home.toString();
    System.arraycopy(args, 0, all, 3, args.length);
    Main.run(writer, writer, all);
    return text.toString();
  }
}
