package dev.lantern.kube.tools.metrics;

import static dev.lantern.kube.tool.Schemas.LABEL_SELECTOR_PATTERN;
import static dev.lantern.kube.tool.Schemas.bool;
import static dev.lantern.kube.tool.Schemas.object;
import static dev.lantern.kube.tool.Schemas.string;

import dev.lantern.kube.output.Table;
import dev.lantern.kube.tool.Args;
import dev.lantern.kube.tool.KubeTool;
import dev.lantern.kube.tool.ToolContext;
import dev.lantern.kube.tool.ToolError;
import dev.lantern.kube.tool.ToolResult;
import dev.lantern.kube.tool.Toolset;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU and memory use from metrics-server (metrics.k8s.io/v1beta1), like kubectl top. Prometheus
 * alone does not serve this API; without metrics-server the tools say so instead of failing.
 */
public final class MetricsToolset implements Toolset {
  static final String API = "metrics.k8s.io/v1beta1";
  private static final String LABEL = "\"label_selector\": {\"type\": \"string\", \"pattern\": \"" + LABEL_SELECTOR_PATTERN
      + "\", \"description\": \"Kubernetes label selector (e.g. 'app=myapp,env=prod' or 'app in (myapp,yourapp)'), use "
      + "this option when you want to filter the %s by label (Optional, only applicable when name is not provided)\"}";

  @Override
  public String name() {
    return "metrics";
  }

  @Override
  public List<KubeTool> tools(ToolContext context) {
    return List.of(
        KubeTool.of("pods_top", "Pods: Top",
            "List the resource consumption (CPU and memory) as recorded by the Kubernetes Metrics Server for the "
                + "specified Kubernetes Pods in the all namespaces, the provided namespace, or the current namespace",
            object("", bool("all_namespaces", "If true, list the resource consumption for all Pods in all namespaces. "
                    + "If false, list the resource consumption for Pods in the provided namespace or the current namespace"),
                string("namespace", "Namespace to get the Pods resource consumption from (Optional, current namespace if "
                    + "not provided and all_namespaces is false)"),
                string("name", "Name of the Pod to get the resource consumption from (Optional, all Pods in the namespace "
                    + "if not provided)"),
                LABEL.formatted("pods")),
            args -> podsTop(context, args)).markedIdempotent(),
        KubeTool.of("nodes_top", "Nodes: Top",
            "List the resource consumption (CPU and memory) as recorded by the Kubernetes Metrics Server for the "
                + "specified Kubernetes Nodes or all nodes in the cluster",
            object("", string("name", "Name of the Node to get the resource consumption from (Optional, all Nodes if "
                    + "not provided)"),
                LABEL.formatted("nodes")),
            args -> nodesTop(context, args)).markedIdempotent());
  }

  private static ToolResult podsTop(ToolContext context, Args args) throws ToolError {
    context.requireAllowed(API, "PodMetrics");
    requireMetricsApi(context, "PodMetrics");
    String name = args.name("name").orElse(null);
    String namespace = args.name("namespace").orElse(null);
    boolean all = args.bool("all_namespaces").orElse(true) && namespace == null && name == null;
    String effectiveNamespace = namespace != null ? namespace : context.cluster().defaultNamespace();
    List<PodMetrics> metrics;
    try {
      var top = context.client().top().pods();
      if (name != null) {
        PodMetrics one = top.metrics(effectiveNamespace, name);
        if (one == null) {
          throw new ToolError("no metrics for pod '" + name + "' in namespace '" + effectiveNamespace
              + "' (not found, or metrics-server has not scraped it yet)");
        }
        metrics = List.of(one);
      } else {
        var labels = labels(args);
        metrics = (all ? (labels.isEmpty() ? top.metrics() : top.withLabels(labels).metrics())
            : (labels.isEmpty() ? top.metrics(effectiveNamespace) : top.inNamespace(effectiveNamespace).withLabels(labels).metrics()))
            .getItems();
      }
    } catch (KubernetesClientException e) {
      throw context.failure(e, "reading pod metrics");
    }
    Table table = Table.of("NAMESPACE", "POD", "CPU(cores)", "MEMORY(bytes)");
    BigDecimal cpu = BigDecimal.ZERO;
    BigDecimal memory = BigDecimal.ZERO;
    for (PodMetrics pod : metrics) {
      BigDecimal podCpu = BigDecimal.ZERO;
      BigDecimal podMemory = BigDecimal.ZERO;
      for (ContainerMetrics container : pod.getContainers()) {
        podCpu = podCpu.add(amount(container.getUsage(), "cpu"));
        podMemory = podMemory.add(amount(container.getUsage(), "memory"));
      }
      cpu = cpu.add(podCpu);
      memory = memory.add(podMemory);
      table.row(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), millicores(podCpu), mebibytes(podMemory));
    }
    ToolResult result = context.table(table, "pods", "pass a namespace, a name or a label_selector");
    if (table.size() == 0) {
      return result;
    }
    return new ToolResult(result.text() + "TOTAL " + millicores(cpu) + " CPU, " + mebibytes(memory) + " memory\n",
        result.structured());
  }

  private static ToolResult nodesTop(ToolContext context, Args args) throws ToolError {
    context.requireAllowed(API, "NodeMetrics");
    requireMetricsApi(context, "NodeMetrics");
    String name = args.name("name").orElse(null);
    List<NodeMetrics> metrics;
    Map<String, Map<String, Quantity>> allocatable = new HashMap<>();
    try {
      var top = context.client().top().nodes();
      var labels = labels(args);
      if (name != null) {
        NodeMetrics one = top.metrics(name);
        if (one == null) {
          throw new ToolError("no metrics for node '" + name + "'");
        }
        metrics = List.of(one);
      } else {
        metrics = (labels.isEmpty() ? top.metrics() : top.withLabels(labels).metrics()).getItems();
      }
      for (Node node : context.client().nodes().list().getItems()) {
        if (node.getStatus() != null && node.getStatus().getAllocatable() != null) {
          allocatable.put(node.getMetadata().getName(), node.getStatus().getAllocatable());
        }
      }
    } catch (KubernetesClientException e) {
      throw context.failure(e, "reading node metrics");
    }
    Table table = Table.of("NAME", "CPU(cores)", "CPU%", "MEMORY(bytes)", "MEMORY%");
    for (NodeMetrics node : metrics) {
      BigDecimal cpu = amount(node.getUsage(), "cpu");
      BigDecimal memory = amount(node.getUsage(), "memory");
      Map<String, Quantity> available = allocatable.getOrDefault(node.getMetadata().getName(), Map.of());
      table.row(node.getMetadata().getName(), millicores(cpu), percent(cpu, amount(available, "cpu")),
          mebibytes(memory), percent(memory, amount(available, "memory")));
    }
    return context.table(table, "nodes", "pass a name or a label_selector");
  }

  /** The clear answer when metrics-server is not installed (Prometheus does not serve this API). */
  private static void requireMetricsApi(ToolContext context, String kind) throws ToolError {
    boolean available;
    try {
      available = context.client().supports(API, kind);
    } catch (KubernetesClientException e) {
      available = false;
    }
    if (!available) {
      throw new ToolError("metrics API is not available: install metrics-server (kubectl top needs it too; "
          + "Prometheus alone does not serve metrics.k8s.io)");
    }
  }

  private static Map<String, String> labels(Args args) throws ToolError {
    Map<String, String> labels = new HashMap<>();
    for (String part : args.string("label_selector").orElse("").split(",")) {
      if (part.isBlank()) {
        continue;
      }
      String[] pair = part.split("=", 2);
      if (pair.length != 2 || pair[0].isBlank() || pair[0].contains("!")) {
        throw new ToolError("label_selector supports key=value pairs here, got '" + part.strip() + "'");
      }
      labels.put(pair[0].strip(), pair[1].strip());
    }
    return labels;
  }

  private static BigDecimal amount(Map<String, Quantity> usage, String resource) {
    Quantity quantity = usage == null ? null : usage.get(resource);
    return quantity == null ? BigDecimal.ZERO : Quantity.getAmountInBytes(quantity);
  }

  private static String millicores(BigDecimal cores) {
    return cores.movePointRight(3).setScale(0, RoundingMode.HALF_UP) + "m";
  }

  private static String mebibytes(BigDecimal bytes) {
    return bytes.divide(BigDecimal.valueOf(1024L * 1024), 0, RoundingMode.HALF_UP) + "Mi";
  }

  private static String percent(BigDecimal used, BigDecimal available) {
    if (available.signum() == 0) {
      return "<unknown>";
    }
    return used.multiply(BigDecimal.valueOf(100)).divide(available, 0, RoundingMode.HALF_UP) + "%";
  }
}
