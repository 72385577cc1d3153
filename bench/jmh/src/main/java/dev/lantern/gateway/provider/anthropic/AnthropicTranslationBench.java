package dev.lantern.gateway.provider.anthropic;

import dev.lantern.common.json.Json;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the Anthropic translation costs per call: an agent's request (system prompt, a tool round
 * trip, three tools) into a Messages body, a Message back into a completion's bytes, and a
 * 100-delta event stream into OpenAI chunks. Compare the stream with OpenAiStreamBench.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class AnthropicTranslationBench {
  /** Deltas in the streamed answer: about a paragraph of text. */
  static final int DELTAS = 100;

  private ObjectNode request;
  private JsonNode message;
  private byte[] stream;

  @Setup
  public void setUp() {
    request = (ObjectNode) Json.MAPPER.readTree("""
        {"model":"claude-sonnet-4-5","stream":false,"max_tokens":1024,"temperature":0.2,"messages":[
          {"role":"system","content":"You are a helpful assistant with access to the cluster."},
          {"role":"user","content":"Why is the payments pod restarting?"},
          {"role":"assistant","content":"Let me look.","tool_calls":[{"id":"call_1","type":"function",
            "function":{"name":"pods_get","arguments":"{\\"namespace\\":\\"shop\\",\\"name\\":\\"payments-7f9\\"}"}}]},
          {"role":"tool","tool_call_id":"call_1","content":"status: CrashLoopBackOff, restarts: 14, last exit 137"},
          {"role":"user","content":"And what does it log?"}],
         "tools":[
          {"type":"function","function":{"name":"pods_get","description":"Get a pod","parameters":{"type":"object",
            "properties":{"namespace":{"type":"string"},"name":{"type":"string"}},"required":["name"]}}},
          {"type":"function","function":{"name":"pods_log","description":"A pod's log","parameters":{"type":"object",
            "properties":{"namespace":{"type":"string"},"name":{"type":"string"},"tail":{"type":"integer"}}}}},
          {"type":"function","function":{"name":"events_list","description":"Events","parameters":{"type":"object",
            "properties":{"namespace":{"type":"string"}}}}}]}""");
    message = Json.MAPPER.readTree("""
        {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","stop_reason":"tool_use",
         "content":[{"type":"text","text":"It is being killed for memory (exit 137). Let me read its log."},
                    {"type":"tool_use","id":"toolu_1","name":"pods_log","input":{"namespace":"shop","name":"payments-7f9","tail":200}}],
         "usage":{"input_tokens":812,"output_tokens":64,"cache_read_input_tokens":600}}""");
    StringBuilder events = new StringBuilder();
    events.append(event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
        + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],\"usage\":{\"input_tokens\":812,"
        + "\"output_tokens\":1}}}"));
    events.append(event("content_block_start",
        "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
    for (int i = 0; i < DELTAS; i++) {
      events.append(event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
          + "{\"type\":\"text_delta\",\"text\":\" word" + i + "\"}}"));
    }
    events.append(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
    events.append(event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
        + "\"usage\":{\"output_tokens\":" + DELTAS + "}}"));
    events.append(event("message_stop", "{\"type\":\"message_stop\"}"));
    stream = events.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String event(String name, String data) {
    return "event: " + name + "\ndata: " + data + "\n\n";
  }

  @Benchmark
  public ObjectNode requestToMessages() throws UpstreamException {
    return MessagesRequest.from(request).body();
  }

  @Benchmark
  public byte[] messageToCompletionBytes() {
    return Json.MAPPER.writeValueAsBytes(MessagesAnswer.completion(message, "claude-sonnet-4-5", false, 1700000000));
  }

  @Benchmark
  public void streamOf100DeltasToChunks(Blackhole sink) throws UpstreamException {
    UpstreamEvents events = new UpstreamEvents("anthropic/claude", new BasicClassicHttpResponse(200),
        new ByteArrayInputStream(stream));
    MessagesStream chunks = new MessagesStream("anthropic/claude", events, null, RateLimits.NONE, "claude-sonnet-4-5",
        false, true, 1700000000);
    for (SseEvent event = chunks.next(); event != null; event = chunks.next()) {
      sink.consume(event.toBytes());
    }
  }
}
