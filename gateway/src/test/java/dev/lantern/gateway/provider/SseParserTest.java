package dev.lantern.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.gateway.provider.SseEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The event-stream parser, fed the way the network delivers bytes: in arbitrary pieces. */
class SseParserTest {
  private static final String STREAM = """
      : OPENROUTER PROCESSING

      data: {"choices":[{"delta":{"content":"héllo"}}]}

      event: error
      data: {"error":{"message":"x"}}

      data: line one
      data: line two

      data: [DONE]

      """;

  @Test
  void parsesDataCommentsEventNamesAndMultiLineData() {
    List<SseEvent> events = parse(List.of(STREAM.getBytes(StandardCharsets.UTF_8)));

    assertThat(events).containsExactly(
        SseEvent.comment(" OPENROUTER PROCESSING"),
        SseEvent.data("{\"choices\":[{\"delta\":{\"content\":\"héllo\"}}]}"),
        new SseEvent("error", "{\"error\":{\"message\":\"x\"}}", null),
        SseEvent.data("line one\nline two"),
        SseEvent.data("[DONE]"));
  }

  @Test
  void acceptsCrLfLineEndings() {
    List<SseEvent> events = parse(List.of("data: a\r\n\r\ndata: b\r\n\r\n".getBytes(StandardCharsets.UTF_8)));

    assertThat(events).containsExactly(SseEvent.data("a"), SseEvent.data("b"));
  }

  @Test
  void anEventIsNotDispatchedBeforeItsBlankLine() {
    SseParser parser = new SseParser();
    parser.feed(ByteBuffer.wrap("data: partial".getBytes(StandardCharsets.UTF_8)));

    assertThat(parser.poll()).isNull();
  }

  @Test
  void writtenEventsParseBackToThemselves() {
    SseEvent event = SseEvent.data("multi\nline");

    assertThat(parse(List.of(event.toBytes()))).containsExactly(event);
  }

  @Property(tries = 300)
  void splittingTheStreamAnywhereGivesTheSameEvents(@ForAll("cuts") List<Integer> cuts) {
    byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
    List<byte[]> pieces = new ArrayList<>();
    int start = 0;
    for (int cut : cuts.stream().map(c -> c % (bytes.length + 1)).sorted().toList()) {
      pieces.add(java.util.Arrays.copyOfRange(bytes, start, Math.max(start, cut)));
      start = Math.max(start, cut);
    }
    pieces.add(java.util.Arrays.copyOfRange(bytes, start, bytes.length));

    assertThat(parse(pieces)).isEqualTo(parse(List.of(bytes)));
  }

  @Provide
  Arbitrary<List<Integer>> cuts() {
    return Arbitraries.integers().between(0, 10_000).list().ofMaxSize(40);
  }

  private static List<SseEvent> parse(List<byte[]> pieces) {
    SseParser parser = new SseParser();
    List<SseEvent> events = new ArrayList<>();
    for (byte[] piece : pieces) {
      parser.feed(ByteBuffer.wrap(piece));
      SseEvent event;
      while ((event = parser.poll()) != null) {
        events.add(event);
      }
    }
    return events;
  }
}
