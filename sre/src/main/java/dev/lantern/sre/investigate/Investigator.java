package dev.lantern.sre.investigate;

import dev.lantern.agent.llm.Cancellation;
import dev.lantern.agent.llm.ChatModel;
import dev.lantern.agent.llm.Message;
import dev.lantern.agent.llm.Role;
import dev.lantern.agent.llm.ToolCall;
import dev.lantern.agent.loop.Agent;
import dev.lantern.agent.loop.AgentSettings;
import dev.lantern.agent.loop.Compressor;
import dev.lantern.agent.loop.Conversation;
import dev.lantern.agent.loop.TurnListener;
import dev.lantern.agent.loop.TurnOutcome;
import dev.lantern.agent.mcp.McpServer;
import dev.lantern.agent.mcp.McpServerConfig;
import dev.lantern.agent.mcp.McpServers;
import dev.lantern.agent.mcp.McpToolName;
import dev.lantern.agent.tool.Tool;
import dev.lantern.agent.tool.ToolArgs;
import dev.lantern.agent.tool.ToolBox;
import dev.lantern.agent.tool.ToolResult;
import dev.lantern.agent.tool.ToolSource;
import dev.lantern.common.json.Json;
import dev.lantern.sre.SreMetrics;
import dev.lantern.sre.SreSettings;
import dev.lantern.sre.logs.PodLogs;
import dev.lantern.sre.prometheus.PrometheusToolset;
import dev.lantern.sre.runbooks.Runbook;
import dev.lantern.sre.runbooks.Runbooks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HolmesGPT's loop, analyzers first: the cluster's known problems are read (kube-mcp's
 * {@code cluster_diagnose}) before the model is asked anything, so that even a small free model
 * starts from facts; the matching runbooks are offered; then the agent loop runs with read-only
 * tools (kube-mcp over MCP, pod logs through it, Prometheus, runbooks) until it answers or its steps are used up, the
 * last step without tools.
 */
public final class Investigator implements AutoCloseable {
  /** kube-mcp's server name, so its tools are {@code mcp_kubernetes_*} as in the assistant. */
  public static final String KUBE_SERVER = "kubernetes";
  static final String DIAGNOSE_TOOL = McpToolName.of(KUBE_SERVER, "cluster_diagnose");
  static final String PODS_LOG_TOOL = McpToolName.of(KUBE_SERVER, "pods_log");
  private static final Pattern FINDING = Pattern.compile("(?:CRITICAL|WARNING) ([A-Za-z]+) ");

  private final ChatModel model;
  private final ToolSource kube;
  private final McpServers servers;
  private final List<Tool> local;
  private final Runbooks runbooks;
  private final SreSettings settings;
  private final SreMetrics metrics;
  private final Supplier<Instant> clock;

  private Investigator(ChatModel model, ToolSource kube, McpServers servers, List<Tool> local, Runbooks runbooks,
      SreSettings settings, SreMetrics metrics, Supplier<Instant> clock) {
    this.model = model;
    this.kube = kube;
    this.servers = servers;
    this.local = List.copyOf(local);
    this.runbooks = runbooks;
    this.settings = settings;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Connects to kube-mcp (waiting up to {@code mcpWait} for it) and sets up the other tools. */
  public static Investigator start(SreSettings settings, ChatModel model, SreMetrics metrics, Duration mcpWait)
      throws InterruptedException {
    McpServers kube = McpServers.start(List.of(McpServerConfig.http(KUBE_SERVER, settings.kubeMcpUrl())));
    kube.awaitFirstAttempts(mcpWait);
    Runbooks runbooks = Runbooks.load(settings.runbooks());
    List<Tool> local = new ArrayList<>();
    local.add(new PodLogs(kube, PODS_LOG_TOOL, Instant::now).tool());
    if (settings.prometheusUrl() != null) {
      local.addAll(new PrometheusToolset(settings.prometheusUrl(), Duration.ofSeconds(30), Instant::now).tools());
    }
    local.add(runbooks.tool());
    return new Investigator(model, kube, kube, local, runbooks, settings, metrics, Instant::now);
  }

  /**
   * Over tools that stand in for kube-mcp's (the eval harness serves a case's objects with the same
   * {@code mcp_kubernetes_*} names), with the shipped runbooks and no Prometheus.
   */
  public static Investigator over(ToolSource kube, SreSettings settings, ChatModel model, SreMetrics metrics,
      Supplier<Instant> clock) {
    Runbooks runbooks = Runbooks.load(null);
    List<Tool> local = List.of(new PodLogs(kube, PODS_LOG_TOOL, clock).tool(), runbooks.tool());
    return new Investigator(model, kube, null, local, runbooks, settings, metrics, clock);
  }

  public List<McpServer> kubeServers() {
    return servers == null ? List.of() : servers.servers();
  }

  public String defaultModel() {
    return settings.model();
  }

  public Runbooks runbooks() {
    return runbooks;
  }

  /** Runs one investigation to its end. Never throws for a model, tool or cluster failure: the result says what failed. */
  public Investigation investigate(Question question, String source, TurnListener listener, Cancellation cancellation) {
    Instant started = clock.get();
    Recorder recorder = new Recorder(listener);
    String modelName = question.model() == null || question.model().isBlank() ? settings.model() : question.model();
    Conversation conversation = conversation(question.history());
    String prompt = question.ask();
    Diagnosis diagnosis = null;
    List<Runbook> offered = List.of();
    if (question.history().isEmpty()) {
      diagnosis = diagnose(question.namespace(), recorder);
      List<String> keys = new ArrayList<>(diagnosis.kinds());
      keys.addAll(question.alertNames());
      offered = runbooks.matching(keys);
      prompt = firstMessage(question, diagnosis, offered);
    }
    ToolBox tools = new ToolBox().add(kube).add(local);
    AgentSettings agentSettings = AgentSettings.defaults().withModel(modelName)
        .withMaxTurns(Math.max(0, settings.maxSteps() - 1));
    TurnOutcome outcome = new Agent(model, tools, agentSettings, Compressor.BeforeSummary.NONE)
        .run(conversation, prompt, recorder, cancellation);
    Duration took = Duration.between(started, clock.get());
    List<String> kinds = diagnosis == null ? List.of() : diagnosis.kinds();
    List<String> runbookNames = offered.stream().map(Runbook::name).toList();
    recorder.calls.values().forEach(call -> metrics.toolCall(call.tool(), call.failed()));
    metrics.investigation(source, outcome.answered(), took);
    if (outcome.answered()) {
      return new Investigation(outcome.answer(), true, recorder.records(), conversation.messages(), kinds,
          runbookNames, outcome.usage(), outcome.iterations() + 1, took, modelName, null);
    }
    String error = outcome.error() == null ? "the investigation was interrupted" : "the model failed: "
        + outcome.error().getMessage();
    return new Investigation(partial(error, diagnosis, recorder), false, recorder.records(), conversation.messages(),
        kinds, runbookNames, outcome.usage(), outcome.iterations(), took, modelName, error);
  }

  private Conversation conversation(List<Message> history) {
    Message system = Message.system(SystemPrompt.text(clock.get(), settings.prometheusUrl() != null));
    if (history.isEmpty()) {
      return new Conversation(system);
    }
    // A continued conversation gets today's instructions, not the ones it was started with.
    List<Message> messages = new ArrayList<>(List.of(system));
    history.stream().filter(m -> m.role() != Role.SYSTEM).forEach(messages::add);
    return Conversation.resume(messages);
  }

  /** The analyzers, through kube-mcp, before the model: their findings and the runbooks they match. */
  private Diagnosis diagnose(String namespace, Recorder recorder) {
    Optional<Tool> tool = kube.tools().stream().filter(t -> t.name().equals(DIAGNOSE_TOOL)).findFirst();
    if (tool.isEmpty()) {
      String why = kubeServers().stream().findFirst().map(server -> server.state() == McpServer.State.CONNECTED
              ? "kube-mcp at " + settings.kubeMcpUrl() + " does not serve the diagnose toolset (add it to --toolsets)"
              : "kube-mcp at " + settings.kubeMcpUrl() + " is not reachable"
                  + (server.lastError() == null ? "" : " (" + server.lastError() + ")"))
          .orElse("no kube-mcp is configured");
      return new Diagnosis(null, why, List.of());
    }
    String arguments = namespace == null ? "{}" : Json.object().put("namespace", namespace).toString();
    ToolCall call = new ToolCall("analyzers", DIAGNOSE_TOOL, arguments);
    recorder.toolCall(call);
    ToolResult result;
    try {
      result = tool.get().call(new ToolArgs(Json.MAPPER.readTree(arguments)));
    } catch (Exception e) {
      result = ToolResult.error("the analyzers failed: " + e.getMessage());
    }
    recorder.toolResult(call, result);
    if (result.error()) {
      return new Diagnosis(null, result.text(), List.of());
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    Matcher matcher = FINDING.matcher(result.text());
    while (matcher.find()) {
      counts.merge(matcher.group(1), 1, Integer::sum);
    }
    metrics.findings(counts);
    Set<String> kinds = new LinkedHashSet<>(counts.keySet());
    return new Diagnosis(result.text(), null, List.copyOf(kinds));
  }

  private static String firstMessage(Question question, Diagnosis diagnosis, List<Runbook> matching) {
    StringBuilder text = new StringBuilder(question.ask().strip()).append("\n\n");
    if (diagnosis.report() != null) {
      text.append("[Analyzer findings, read from the cluster just now with no model:]\n").append(diagnosis.report())
          .append('\n');
    } else {
      text.append("[The analyzers could not run: ").append(diagnosis.failure())
          .append(". Say in your answer that the cluster could not be checked this way.]\n\n");
    }
    if (!matching.isEmpty()) {
      text.append("[Runbooks that match; read them with fetch_runbook: ");
      matching.forEach(r -> text.append(r.name()).append(" (").append(r.title()).append("); "));
      text.setLength(text.length() - 2);
      text.append("]\n");
    }
    return text.toString().strip();
  }

  /** When the model fails: what the analyzers and tools found, so the user still gets the facts. */
  private static String partial(String error, Diagnosis diagnosis, Recorder recorder) {
    StringBuilder text = new StringBuilder("**The investigation did not finish:** ").append(error).append(".\n\n");
    if (diagnosis != null && diagnosis.report() != null) {
      text.append("What the analyzers found:\n\n```\n").append(diagnosis.report().strip()).append("\n```\n");
    } else if (diagnosis != null) {
      text.append("The analyzers could not run either: ").append(diagnosis.failure()).append(".\n");
    }
    long others = recorder.calls.values().stream().filter(c -> !c.id().equals("analyzers")).count();
    if (others > 0) {
      text.append("\nTools read before the failure: ").append(String.join(", ", recorder.calls.values().stream()
          .filter(c -> !c.id().equals("analyzers")).map(c -> c.tool() + (c.failed() ? " (failed)" : "")).toList()))
          .append(".\n");
    }
    return text.toString();
  }

  /** The analyzers' report for the chat page, or why it could not be read. */
  public record Findings(String report, String error) {}

  public Findings findings(String namespace) {
    Diagnosis diagnosis = diagnose(namespace, new Recorder(TurnListener.SILENT));
    return new Findings(diagnosis.report(), diagnosis.failure());
  }

  @Override
  public void close() {
    if (servers != null) {
      servers.close();
    }
  }

  /**
   * @param report  the analyzers' text, or null when they could not run
   * @param failure why they could not run
   */
  private record Diagnosis(String report, String failure, List<String> kinds) {}

  /** Hears every tool call and result, keeps them in order for the answer, and passes them on. */
  private static final class Recorder implements TurnListener {
    private final TurnListener next;
    private final Map<String, Investigation.ToolCallRecord> calls = new LinkedHashMap<>();

    Recorder(TurnListener next) {
      this.next = next;
    }

    @Override
    public void text(String delta) {
      next.text(delta);
    }

    @Override
    public synchronized void toolCall(ToolCall call) {
      calls.put(call.id(), new Investigation.ToolCallRecord(call.id(), call.name(), call.arguments(), null, false));
      next.toolCall(call);
    }

    @Override
    public synchronized void toolResult(ToolCall call, ToolResult result) {
      calls.put(call.id(), new Investigation.ToolCallRecord(call.id(), call.name(), call.arguments(), result.text(),
          result.error()));
      next.toolResult(call, result);
    }

    @Override
    public void notice(String message) {
      next.notice(message);
    }

    synchronized List<Investigation.ToolCallRecord> records() {
      return List.copyOf(calls.values());
    }
  }
}
