package dev.lantern.sre.serve;

import dev.lantern.agent.llm.Cancellation;
import dev.lantern.agent.llm.ToolCall;
import dev.lantern.agent.loop.TurnListener;
import dev.lantern.agent.tool.ToolResult;
import dev.lantern.common.http.BadRequest;
import dev.lantern.common.http.EventStream;
import dev.lantern.common.http.JsonBodies;
import dev.lantern.common.json.Json;
import dev.lantern.sre.investigate.Investigation;
import dev.lantern.sre.investigate.Investigator;
import dev.lantern.sre.investigate.Question;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Semaphore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /api/chat}, HolmesGPT's: {@code ask}, {@code conversation_history}, {@code model},
 * {@code stream}. Streamed, the events are HolmesGPT's ({@code start_tool_calling},
 * {@code tool_calling_result}, {@code ai_message}, {@code ai_answer_end}, {@code error}) plus
 * {@code ai_answer_delta} with the answer's text as it arrives, which HolmesGPT clients ignore.
 */
final class ChatServlet extends HttpServlet {
  static final int MAX_BODY = 1024 * 1024;
  static final int MAX_ASK = 20_000;

  private final Investigator investigator;
  private final Semaphore running;

  ChatServlet(Investigator investigator, int concurrent) {
    this.investigator = investigator;
    this.running = new Semaphore(concurrent);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Question question;
    boolean stream;
    try {
      JsonNode body = JsonBodies.object(request, MAX_BODY);
      String ask = JsonBodies.optionalString(body, "ask", MAX_ASK);
      if (ask == null || ask.isBlank()) {
        throw new BadRequest(400, "'ask' is required: the question to investigate");
      }
      question = new Question(ask, HolmesWire.history(body), JsonBodies.optionalString(body, "model", 200), null,
          List.of());
      stream = JsonBodies.optionalBool(body, "stream");
    } catch (BadRequest e) {
      SreServer.detail(response, e.status(), e.getMessage());
      return;
    }
    if (!running.tryAcquire()) {
      response.setHeader("Retry-After", "10");
      SreServer.detail(response, 429, "investigations are all busy; try again in a few seconds");
      return;
    }
    try {
      if (stream) {
        streamed(question, response);
      } else {
        Investigation investigation = investigator.investigate(question, "chat", TurnListener.SILENT, new Cancellation());
        SreServer.json(response, 200, HolmesWire.response(investigation, true));
      }
    } finally {
      running.release();
    }
  }

  private void streamed(Question question, HttpServletResponse response) throws IOException {
    Cancellation cancellation = new Cancellation();
    // The client left: stop spending model calls on it.
    EventStream events = EventStream.open(response, cancellation::cancel);
    Investigation investigation = investigator.investigate(question, "chat", new TurnListener() {
      private final StringBuilder text = new StringBuilder();

      @Override
      public void text(String delta) {
        text.append(delta);
        events.send("ai_answer_delta", Json.object().put("content", delta));
      }

      @Override
      public void toolCall(ToolCall call) {
        if (!text.isEmpty()) {
          // Text the model wrote before calling tools: HolmesGPT sends it as an ai_message.
          events.send("ai_message", Json.object().put("content", text.toString()).putNull("reasoning"));
          text.setLength(0);
        }
        events.send("start_tool_calling", Json.object().put("tool_name", call.name()).put("id", call.id()));
      }

      @Override
      public void toolResult(ToolCall call, ToolResult result) {
        Investigation.ToolCallRecord record = new Investigation.ToolCallRecord(call.id(), call.name(), call.arguments(),
            result.text(), result.error());
        ObjectNode data = Json.object().put("tool_call_id", call.id()).put("tool_name", call.name())
            .put("name", call.name()).put("description", call.name() + " " + call.arguments()).put("role", "tool");
        data.set("result", HolmesWire.result(record));
        events.send("tool_calling_result", data);
      }
    }, cancellation);
    if (investigation.error() != null) {
      events.send("error", Json.object().put("description", investigation.error()).put("error_code", 1)
          .put("msg", investigation.error()).put("success", false));
    }
    ObjectNode end = HolmesWire.response(investigation, false);
    events.send("ai_answer_end", end);
  }
}
