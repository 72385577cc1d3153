package dev.lantern.sre.eval;

import dev.lantern.agent.mcp.McpToolName;
import dev.lantern.agent.tool.Tool;
import dev.lantern.agent.tool.ToolArgs;
import dev.lantern.agent.tool.ToolException;
import dev.lantern.agent.tool.ToolResult;
import dev.lantern.agent.tool.ToolSource;
import dev.lantern.agent.tool.Tools;
import dev.lantern.kube.diagnose.Analyzers;
import dev.lantern.kube.diagnose.ReportText;
import dev.lantern.kube.diagnose.Snapshot;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A case's cluster served under kube-mcp's tool names ({@code mcp_kubernetes_*}), from its files,
 * so an investigation runs as it would against the real thing. Secrets are refused, as kube-mcp
 * refuses them.
 */
final class CaseTools implements ToolSource {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  private final EvalCase evalCase;
  private final Instant now;
  private final List<Tool> tools;

  CaseTools(EvalCase evalCase, Instant now) {
    this.evalCase = evalCase;
    this.now = now;
    this.tools = List.of(
        tool("cluster_diagnose", "Find known problems in the cluster: crash loops, OOM kills, image pulls, pending "
            + "pods, unavailable workloads, services, ingresses, jobs, nodes, HPAs, warning events. Call this first",
            "{\"type\": \"object\", \"properties\": {\"namespace\": {\"type\": \"string\"}}}",
            args -> ToolResult.ok(ReportText.render(Analyzers.run(snapshot())))),
        tool("pods_list", "List pods with their phase, readiness and restarts",
            "{\"type\": \"object\", \"properties\": {\"namespace\": {\"type\": \"string\"}}}", this::pods),
        tool("pods_log", "Get the log of a pod's container; previous=true for the crashed one",
            """
            {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"},
              "namespace": {"type": "string"}, "previous": {"type": "boolean"}, "tail": {"type": "integer"}}}""",
            this::log),
        tool("events_list", "List events, newest first",
            "{\"type\": \"object\", \"properties\": {\"namespace\": {\"type\": \"string\"}}}", this::events),
        tool("resources_get", "Get any resource as YAML",
            """
            {"type": "object", "required": ["apiVersion", "kind", "name"], "properties": {
              "apiVersion": {"type": "string"}, "kind": {"type": "string"}, "name": {"type": "string"},
              "namespace": {"type": "string"}}}""", this::get));
  }

  @Override
  public List<Tool> tools() {
    return tools;
  }

  private Snapshot snapshot() {
    return Snapshot.of(evalCase.objects().stream().filter(o -> !"Secret".equals(o.getKind())).toList(), now);
  }

  private ToolResult pods(ToolArgs args) throws ToolException {
    String namespace = args.string("namespace").orElse(null);
    String table = evalCase.objects().stream().filter(Pod.class::isInstance).map(Pod.class::cast)
        .filter(p -> namespace == null || namespace.equals(p.getMetadata().getNamespace()))
        .map(p -> p.getMetadata().getNamespace() + " " + p.getMetadata().getName() + " "
            + (p.getStatus() == null ? "?" : p.getStatus().getPhase()) + " restarts="
            + (p.getStatus() == null || p.getStatus().getContainerStatuses() == null ? 0
                : p.getStatus().getContainerStatuses().stream().mapToInt(c -> c.getRestartCount() == null ? 0
                    : c.getRestartCount()).sum()))
        .collect(Collectors.joining("\n"));
    return ToolResult.ok(table.isEmpty() ? "No pods found." : "NAMESPACE NAME PHASE RESTARTS\n" + table);
  }

  private ToolResult log(ToolArgs args) throws ToolException {
    String name = args.required("name");
    String namespace = args.string("namespace").orElse("default");
    boolean previous = args.json().path("previous").asBoolean(false);
    String key = namespace + "_" + name + (previous ? ".previous" : "");
    String log = evalCase.logs().get(key);
    if (log == null) {
      boolean exists = find("Pod", namespace, name).isPresent();
      throw new ToolException(exists ? "no " + (previous ? "previous " : "") + "log for pod " + namespace + "/" + name
          : "pod '" + name + "' not found in namespace '" + namespace + "'");
    }
    return ToolResult.ok(log);
  }

  private ToolResult events(ToolArgs args) throws ToolException {
    String namespace = args.string("namespace").orElse(null);
    String lines = evalCase.objects().stream().filter(Event.class::isInstance).map(Event.class::cast)
        .filter(e -> namespace == null || namespace.equals(e.getMetadata().getNamespace()))
        .map(e -> e.getType() + " " + e.getReason() + " " + e.getInvolvedObject().getKind().toLowerCase() + "/"
            + e.getInvolvedObject().getName() + ": " + e.getMessage())
        .collect(Collectors.joining("\n"));
    return ToolResult.ok(lines.isEmpty() ? "No events found." : lines);
  }

  private ToolResult get(ToolArgs args) throws ToolException {
    String kind = args.required("kind");
    if (kind.equalsIgnoreCase("Secret")) {
      throw new ToolException("resource not allowed: v1/Secret (denied by --denied-resources)");
    }
    String namespace = args.string("namespace").orElse(null);
    String name = args.required("name");
    HasMetadata object = find(kind, namespace, name)
        .orElseThrow(() -> new ToolException(kind + " '" + name + "' not found"));
    return ToolResult.ok(YAML.asYaml(object));
  }

  private Optional<HasMetadata> find(String kind, String namespace, String name) {
    return evalCase.objects().stream().filter(o -> o.getKind().equalsIgnoreCase(kind)
        && o.getMetadata().getName().equals(name)
        && (namespace == null || Objects.equals(namespace, o.getMetadata().getNamespace()))).findFirst();
  }

  private static Tool tool(String name, String description, String schema, Tools.Handler handler) {
    return Tools.define(McpToolName.of("kubernetes", name), description, Tools.schema(schema), true, handler);
  }
}
