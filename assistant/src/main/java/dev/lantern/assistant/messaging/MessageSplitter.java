package dev.lantern.assistant.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts an answer into messages of at most {@code limit} characters (Telegram's is 4,096): at
 * paragraph breaks where possible, then at line breaks, then at any whitespace, and only then anywhere
 * (never inside a surrogate pair). A code block cut in two is closed at the end of one part and
 * reopened, with its language, at the start of the next, so that each part renders on its own.
 * Every part consumes some of the text, so splitting always ends.
 */
public final class MessageSplitter {
  public static final int TELEGRAM_LIMIT = 4_096;
  public static final int DISCORD_LIMIT = 2_000;
  private static final String FENCE = "```";
  private static final Pattern OPENING = Pattern.compile("^\\s*(```[\\w+#.-]{0,20})");
  /** Room kept for a reopened fence line at the start and a closing one at the end. */
  private static final int FENCE_ROOM = 2 * (FENCE.length() + 22);

  private MessageSplitter() {}

  public static List<String> split(String text, int limit) {
    if (limit < 4 * FENCE_ROOM) {
      throw new IllegalArgumentException("limit too small: " + limit);
    }
    List<String> parts = new ArrayList<>();
    String rest = text.strip();
    String reopen = null;
    while (!rest.isEmpty()) {
      String prefix = reopen == null ? "" : reopen + "\n";
      if (prefix.length() + rest.length() <= limit) {
        parts.add(prefix + rest);
        break;
      }
      int cut = cutPoint(rest, limit - FENCE_ROOM);
      String body = rest.substring(0, cut).stripTrailing();
      String open = openFenceAtEnd(prefix + body);
      parts.add(open == null ? prefix + body : prefix + body + "\n" + FENCE);
      rest = rest.substring(cut);
      reopen = open;
      if (open != null) {
        rest = rest.replaceFirst("^\\n+", "");
        if (rest.startsWith(FENCE + "\n") || rest.equals(FENCE)) {
          // The block ended right at the cut: its closing fence was already written.
          rest = rest.substring(Math.min(rest.length(), FENCE.length() + 1));
          reopen = null;
        }
      } else {
        rest = rest.strip();
      }
    }
    return parts;
  }

  /**
   * The best place to cut within {@code budget}: a paragraph, a line, any whitespace (tabs and
   * Unicode spaces too, so that tab-separated text is never cut inside a short word), or the budget.
   */
  private static int cutPoint(String text, int budget) {
    for (String separator : new String[] {"\n\n", "\n"}) {
      int at = text.lastIndexOf(separator, budget - separator.length());
      if (at > budget / 2) {
        return at + separator.length();
      }
    }
    for (int at = budget - 1; at > budget / 2; at--) {
      if (Character.isWhitespace(text.charAt(at))) {
        return at + 1;
      }
    }
    int cut = Math.max(1, budget);
    return Character.isLowSurrogate(text.charAt(cut)) && Character.isHighSurrogate(text.charAt(cut - 1)) ? cut - 1 : cut;
  }

  /** The opening fence token (e.g. "```yaml") if {@code part} ends inside a code block, else null. */
  private static String openFenceAtEnd(String part) {
    String open = null;
    for (String line : part.split("\n", -1)) {
      Matcher opening = OPENING.matcher(line);
      if (opening.find()) {
        open = open == null ? opening.group(1) : null;
      }
    }
    return open;
  }
}
