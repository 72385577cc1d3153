package dev.lantern.assistant.messaging;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** What `assistant serve` exports under the lantern_assistant_ prefix. */
public final class MessagingMetrics {
  private final Counter received;
  private final Counter sent;
  private final Counter turns;
  private final Counter toolCalls;
  private final Counter errors;
  private final Gauge queued;

  public MessagingMetrics(PrometheusRegistry registry) {
    received = Counter.builder().name("lantern_assistant_messages_received")
        .help("Messages received, by platform and what became of them (turn, command, refused, ignored, unsupported)")
        .labelNames("platform", "outcome").register(registry);
    sent = Counter.builder().name("lantern_assistant_messages_sent").help("Messages sent, by platform")
        .labelNames("platform").register(registry);
    turns = Counter.builder().name("lantern_assistant_turns").help("Agent turns, by platform and status")
        .labelNames("platform", "status").register(registry);
    toolCalls = Counter.builder().name("lantern_assistant_tool_calls").help("Tool calls made by the agent, by platform")
        .labelNames("platform").register(registry);
    errors = Counter.builder().name("lantern_assistant_errors")
        .help("Errors, by platform and kind (model, delivery, polling)").labelNames("platform", "kind").register(registry);
    queued = Gauge.builder().name("lantern_assistant_queue_depth")
        .help("Messages received and waiting for their turn").register(registry);
  }

  public void received(String platform, String outcome) {
    received.labelValues(platform, outcome).inc();
  }

  public void sent(String platform) {
    sent.labelValues(platform).inc();
  }

  public void turn(String platform, String status) {
    turns.labelValues(platform, status).inc();
  }

  public void toolCall(String platform) {
    toolCalls.labelValues(platform).inc();
  }

  public void error(String platform, String kind) {
    errors.labelValues(platform, kind).inc();
  }

  public void queued(int delta) {
    queued.inc(delta);
  }
}
