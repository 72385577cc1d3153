package dev.lantern.gateway.provider.openai;

import dev.lantern.gateway.provider.RateLimits;
import dev.lantern.gateway.provider.SseEvent;
import dev.lantern.gateway.provider.UpstreamEvents;
import dev.lantern.gateway.provider.UpstreamException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The same 100-delta answer as AnthropicTranslationBench's stream, but as an OpenAI-compatible
 * upstream sends it: parsed into events and passed through, the baseline the translation adds to.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class OpenAiStreamBench {
  private byte[] stream;

  @Setup
  public void setUp() {
    StringBuilder events = new StringBuilder();
    String head = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
        + "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":";
    events.append("data: ").append(head).append("{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n");
    for (int i = 0; i < 100; i++) {
      events.append("data: ").append(head).append("{\"content\":\" word").append(i)
          .append("\"},\"finish_reason\":null}]}\n\n");
    }
    events.append("data: ").append(head).append("{},\"finish_reason\":\"stop\"}]}\n\n");
    events.append("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
        + "\"model\":\"gpt-4o\",\"choices\":[],\"usage\":{\"prompt_tokens\":812,\"completion_tokens\":100,"
        + "\"total_tokens\":912}}\n\n");
    events.append("data: [DONE]\n\n");
    stream = events.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Benchmark
  public void streamOf100DeltasPassedThrough(Blackhole sink) throws UpstreamException {
    SseStream events = new SseStream("openai/gpt-4o", new UpstreamEvents("openai/gpt-4o",
        new BasicClassicHttpResponse(200), new ByteArrayInputStream(stream)), null, RateLimits.NONE);
    for (SseEvent event = events.next(); event != null; event = events.next()) {
      sink.consume(event.toBytes());
    }
  }
}
