package dev.lantern.assistant.messaging;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts an answer into messages of at most {@code limit} characters (Telegram's is 4,096): at
 * paragraph breaks where possible, then at line breaks, then at spaces, and only then anywhere. A
 * code block cut in two is closed at the end of one part and reopened (with its language) at the
 * start of the next, so each part renders on its own.
 */
public final class MessageSplitter {
  public static final int TELEGRAM_LIMIT = 4_096;
  private static final String FENCE = "```";

  private MessageSplitter() {}

  public static List<String> split(String text, int limit) {
    if (limit < 32) {
      throw new IllegalArgumentException("limit too small: " + limit);
    }
    List<String> parts = new ArrayList<>();
    String rest = text.strip();
    String reopen = "";
    while (!rest.isEmpty()) {
      String candidate = reopen + rest;
      if (candidate.length() <= limit) {
        parts.add(candidate);
        break;
      }
      // Room for a closing fence, should the cut fall inside a code block.
      int budget = limit - FENCE.length() - 1;
      int cut = cutPoint(candidate, budget);
      String part = candidate.substring(0, cut).stripTrailing();
      String openFence = openFence(part);
      if (openFence != null) {
        part = part + "\n" + FENCE;
        reopen = openFence + "\n";
      } else {
        reopen = "";
      }
      parts.add(part);
      rest = candidate.substring(cut).strip();
      if (!reopen.isEmpty() && rest.startsWith(FENCE)) {
        reopen = ""; // the block ended exactly at the cut
      }
      rest = rest.isEmpty() ? "" : rest;
    }
    return parts;
  }

  /** The best place to cut within {@code budget}: a paragraph, a line, a space, or just the budget. */
  private static int cutPoint(String text, int budget) {
    for (String separator : new String[] {"\n\n", "\n", " "}) {
      int at = text.lastIndexOf(separator, budget);
      if (at > budget / 2) {
        return at + separator.length();
      }
    }
    return budget;
  }

  /** The opening fence line (e.g. "```yaml") if {@code part} ends inside a code block, else null. */
  private static String openFence(String part) {
    String open = null;
    for (String line : part.split("\n", -1)) {
      String stripped = line.strip();
      if (stripped.startsWith(FENCE)) {
        open = open == null ? stripped : null;
      }
    }
    return open;
  }
}
