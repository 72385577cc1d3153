package dev.lantern.assistant.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class MessageSplitterTest {
  @Test
  void shortAnswersAreOneMessage() {
    assertThat(MessageSplitter.split("  hello  ", 4096)).containsExactly("hello");
  }

  @Test
  void longAnswersAreCutAtParagraphs() {
    String paragraph = "word ".repeat(150).strip(); // 749 characters
    String text = String.join("\n\n", List.of(paragraph, paragraph, paragraph, paragraph, paragraph, paragraph));

    List<String> parts = MessageSplitter.split(text, 2_000);

    assertThat(parts).hasSize(3).allMatch(part -> part.length() <= 2_000);
    assertThat(parts).allMatch(part -> part.startsWith("word") && part.endsWith("word"));
    assertThat(String.join("\n\n", parts)).isEqualTo(text);
  }

  @Test
  void aCodeBlockCutInTwoIsClosedAndReopenedWithItsLanguage() {
    String code = "```yaml\n" + "key: value\n".repeat(400) + "```";

    List<String> parts = MessageSplitter.split("Here it is:\n\n" + code + "\n\nDone.", 4_096);

    assertThat(parts).hasSizeGreaterThan(1).allMatch(part -> part.length() <= 4_096);
    for (String part : parts) {
      long fences = part.lines().filter(line -> line.strip().startsWith("```")).count();
      assertThat(fences % 2).as("balanced fences in:\n%s", part).isZero();
    }
    assertThat(parts.get(1)).startsWith("```yaml\n");
  }

  @Test
  void tabSeparatedTextIsCutBetweenWordsNotInsideThem() {
    String text = "pod-a\tRunning\t3\t12m\t".repeat(300); // one long line, no spaces

    List<String> parts = MessageSplitter.split(text, 1_000);

    assertThat(parts).hasSizeGreaterThan(1).allMatch(part -> part.length() <= 1_000);
    for (String part : parts) {
      assertThat(part.split("\t")).as(part).isSubsetOf("pod-a", "Running", "3", "12m");
    }
  }

  @Test
  void pathologicalFencesEndAndStayWithinTheLimit() {
    for (String text : List.of(
        "Intro\n\n```" + "y ".repeat(1100) + "```\n\n" + "more text ".repeat(300),
        "```" + "x".repeat(5000),
        "```python\n" + "print(1)\n".repeat(800) + "```\n" + "after",
        "😀".repeat(3000))) {
      List<String> parts = MessageSplitter.split(text, 4_096);
      assertThat(parts).isNotEmpty().hasSizeLessThan(10).allMatch(part -> part.length() <= 4_096);
      assertThat(parts).allMatch(part -> !Character.isLowSurrogate(part.charAt(0)));
    }
  }

  @Property(tries = 300)
  void fencedTextAlwaysSplitsWithinTheLimit(@ForAll @StringLength(max = 9_000) String inside,
      @ForAll @IntRange(min = 400, max = 4_096) int limit) {
    List<String> parts = MessageSplitter.split("```" + inside + "\n```\n" + inside, limit);
    assertThat(parts).allMatch(part -> part.length() <= limit);
    assertThat(parts.size()).isLessThanOrEqualTo(2 * (inside.length() * 2 + 8) / (limit / 2) + 2);
  }

  @Property(tries = 300)
  void noPartIsTooLongAndNoWordIsLost(@ForAll @StringLength(max = 12_000) String text,
      @ForAll @IntRange(min = 400, max = 4_096) int limit) {
    List<String> parts = MessageSplitter.split(text, limit);

    assertThat(parts).allMatch(part -> part.length() <= limit);
    String joined = String.join(" ", parts).replace("```", "");
    // Words as the splitter sees them: separated by any Java whitespace, which includes characters
    // such as U+2003 and U+001F that the regex \s does not match; a cut may fall at any of them.
    for (String word : text.replace("```", "").split("[\\s\\p{javaWhitespace}]+")) {
      if (!word.isEmpty() && word.length() < limit / 4) {
        assertThat(joined).contains(word);
      }
    }
  }
}
