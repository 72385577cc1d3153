package dev.lantern.assistant.memory;

import java.util.regex.Pattern;

/**
 * Refuses text that would steer the model if replayed into a future system prompt: memory and
 * skills are read back as instructions, so a web page or tool output that talked the model into
 * saving "ignore previous instructions" must not be kept. Also refuses invisible Unicode (zero-width
 * and bidirectional controls, tag characters), which hides instructions from the person reading
 * the file.
 */
public final class ContentGuard {
  private static final Pattern INJECTION = Pattern.compile("(?i)("
      + "ignore (all |any )?(the )?(previous|prior|above|earlier) (instructions|prompts|messages)"
      + "|disregard (all |any )?(the )?(previous|prior|above|earlier|your) (instructions|prompts|rules)"
      + "|forget (all |everything )?(your|previous|prior) (instructions|rules)"
      + "|you are now (a |an |in )"
      + "|new (system )?instructions:"
      + "|system prompt override"
      + "|<\\|im_start\\|>|<\\|im_end\\|>|<\\|system\\|>|\\[INST]|\\[/INST]|<<SYS>>"
      + "|</?system>"
      + ")");
  private static final Pattern INVISIBLE = Pattern.compile(
      "[\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF\\u00AD]|[\\x{E0000}-\\x{E007F}]");

  private ContentGuard() {}

  /** Null when the text may be saved, else why not. */
  public static String problem(String text) {
    if (INVISIBLE.matcher(text).find()) {
      return "it contains invisible Unicode characters (zero-width, bidirectional or tag characters); remove them";
    }
    var injection = INJECTION.matcher(text);
    if (injection.find()) {
      return "it contains text that reads as an instruction to the model ('" + injection.group() + "'); store facts,"
          + " not instructions";
    }
    return null;
  }
}
