package dev.lantern.gateway.config;

import java.util.Comparator;
import java.util.Optional;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A wildcard {@code model_name} such as {@code "*"}, {@code "openai/*"} or {@code
 * "anthropic/claude-3-*"}, read as LiteLLM's pattern router reads it: each {@code *} matches any
 * text, the match anchors at the start of the requested name, and what each {@code *} matched
 * replaces the {@code *}s of {@code litellm_params.model} in order ({@code "*"} with {@code
 * openai/*} sends {@code gpt-4o} to {@code openai/gpt-4o}).
 *
 * <p>An exact {@code model_name} always wins over a pattern; among patterns, the longest (then the
 * one with more wildcards) is tried first, as in LiteLLM.
 */
public final class ModelPattern {
  /**
   * Most specific first, as LiteLLM sorts: by the length of the pattern's regex (Python's {@code
   * re.escape} of the name, each {@code *} then written {@code (.*)}), then by how many regex
   * characters it holds.
   */
  public static final Comparator<ModelPattern> MOST_SPECIFIC_FIRST =
      Comparator.comparingInt((ModelPattern p) -> p.pythonRegex().length())
          .thenComparingLong(p -> p.pythonRegex().chars().filter(c -> "*+?\\^$|()".indexOf(c) >= 0).count())
          .reversed();
  /** What Python's re.escape escapes. */
  private static final String PYTHON_SPECIAL = "()[]{}?*+-|^$\\.&~# \t\n\r\u000b\f";

  private final String name;
  private final Pattern regex;

  private ModelPattern(String name) {
    this.name = name;
    StringBuilder regex = new StringBuilder();
    String[] literals = name.split("\\*", -1);
    for (int i = 0; i < literals.length; i++) {
      if (i > 0) {
        regex.append("(.*)");
      }
      if (!literals[i].isEmpty()) {
        regex.append(Pattern.quote(literals[i]));
      }
    }
    this.regex = Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  /** True when a {@code model_name} is a pattern rather than a name. */
  public static boolean isPattern(String modelName) {
    return modelName.indexOf('*') >= 0;
  }

  public static ModelPattern of(String modelName) {
    if (!isPattern(modelName)) {
      throw new IllegalArgumentException("'" + modelName + "' has no *");
    }
    return new ModelPattern(modelName);
  }

  /** The regex LiteLLM builds from this name: {@code re.escape(name).replace("\\*", "(.*)")}. */
  private String pythonRegex() {
    StringBuilder regex = new StringBuilder();
    for (char c : name.toCharArray()) {
      if (c == '*') {
        regex.append("(.*)");
      } else if (PYTHON_SPECIAL.indexOf(c) >= 0) {
        regex.append('\\').append(c);
      } else {
        regex.append(c);
      }
    }
    return regex.toString();
  }

  /** The pattern as written in model_name. */
  public String name() {
    return name;
  }

  /** What the wildcards matched in {@code requested}, or empty when it does not match. */
  public Optional<MatchResult> match(String requested) {
    Matcher matcher = regex.matcher(requested);
    return matcher.lookingAt() ? Optional.of(matcher.toMatchResult()) : Optional.empty();
  }

  /** Whether a request for this name is routed here: LiteLLM's re.match, anchored at the start only. */
  public boolean matches(String requested) {
    return regex.matcher(requested).lookingAt();
  }

  /** Whether the whole name matches: how LiteLLM checks a key's allowed models ({@code ^pattern$}). */
  public boolean matchesWhole(String name) {
    return regex.matcher(name).matches();
  }

  /**
   * {@code litellm_params.model} for one request: each {@code *} replaced, left to right, by what
   * the pattern's wildcards matched; a model without {@code *} is used as written.
   */
  public static String rewrite(String litellmModel, MatchResult match) {
    if (litellmModel.indexOf('*') < 0) {
      return litellmModel;
    }
    StringBuilder out = new StringBuilder(litellmModel.length() + 32);
    int group = 1;
    for (int i = 0; i < litellmModel.length(); i++) {
      char c = litellmModel.charAt(i);
      if (c == '*' && group <= match.groupCount()) {
        out.append(match.group(group++));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return name;
  }
}
