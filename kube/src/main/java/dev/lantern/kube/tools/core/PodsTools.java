package dev.lantern.kube.tools.core;

import static dev.lantern.kube.tool.Schemas.POD_FIELD_SELECTOR;
import static dev.lantern.kube.tool.Schemas.LABEL_SELECTOR;
import static dev.lantern.kube.tool.Schemas.bool;
import static dev.lantern.kube.tool.Schemas.object;
import static dev.lantern.kube.tool.Schemas.string;

import dev.lantern.kube.output.Ages;
import dev.lantern.kube.output.ListOutput;
import dev.lantern.kube.output.Objects;
import dev.lantern.kube.output.PodRows;
import dev.lantern.kube.output.Table;
import dev.lantern.kube.tool.Args;
import dev.lantern.kube.tool.KubeTool;
import dev.lantern.kube.tool.ToolContext;
import dev.lantern.kube.tool.ToolError;
import dev.lantern.kube.tool.ToolResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** Pods: list, get and read logs. */
final class PodsTools {
  static final long DEFAULT_TAIL = 100;
  static final long MAX_TAIL = 10_000;

  private final ToolContext context;

  PodsTools(ToolContext context) {
    this.context = context;
  }

  List<KubeTool> tools() {
    return List.of(
        KubeTool.of("pods_list", "Pods: List",
            "List all the Kubernetes pods in the current cluster from all namespaces",
            object("", LABEL_SELECTOR.formatted("pods"), POD_FIELD_SELECTOR),
            args -> list(null, args)),
        KubeTool.of("pods_list_in_namespace", "Pods: List in Namespace",
            "List all the Kubernetes pods in the specified namespace in the current cluster",
            object("\"namespace\"", string("namespace", "Namespace to list pods from"),
                LABEL_SELECTOR.formatted("pods"), POD_FIELD_SELECTOR),
            args -> list(args.requiredName("namespace"), args)),
        KubeTool.of("pods_get", "Pods: Get",
            "Get a Kubernetes Pod in the current or provided namespace with the provided name",
            object("\"name\"", string("name", "Name of the Pod"),
                string("namespace", "Namespace to get the Pod from")),
            this::get),
        KubeTool.of("pods_log", "Pods: Log",
            "Get the logs of a Kubernetes Pod in the current or provided namespace with the provided name",
            object("\"name\"", string("name", "Name of the Pod to get the logs from"),
                string("namespace", "Namespace to get the Pod logs from"),
                string("container", "Name of the Pod container to get the logs from (Optional)"),
                bool("previous", "Return previous terminated container logs (Optional)"),
                "\"tail\": {\"type\": \"integer\", \"default\": 100, \"minimum\": 0, \"maximum\": " + MAX_TAIL
                    + ", \"description\": \"Number of lines to retrieve from the end of the logs (Optional, default: 100)\"}",
                string("sinceTime", "Only lines logged at or after this RFC 3339 time, e.g. 2026-12-01T10:00:00Z "
                    + "(Optional, a Lantern addition)"),
                bool("timestamps", "Start each line with the time it was logged (Optional, a Lantern addition)")),
            this::log));
  }

  private ToolResult list(String namespace, Args args) throws ToolError {
    context.requireAllowed("v1", "Pod");
    var options = new ListOptionsBuilder();
    args.string("labelSelector").ifPresent(options::withLabelSelector);
    args.string("fieldSelector").ifPresent(options::withFieldSelector);
    List<Pod> pods;
    try {
      var operation = context.client().pods();
      pods = (namespace == null ? operation.inAnyNamespace().list(options.build())
          : operation.inNamespace(namespace).list(options.build())).getItems();
    } catch (KubernetesClientException e) {
      throw context.failure(e, "listing pods");
    }
    if (pods.isEmpty() && namespace != null) {
      Namespaces.requireExists(context, namespace);
    }
    String narrowing = namespace == null
        ? "pass a namespace (pods_list_in_namespace), a labelSelector or a fieldSelector"
        : "pass a labelSelector or a fieldSelector";
    if (context.listOutput() == ListOutput.YAML) {
      return context.text(Objects.yamlList(context.client().getKubernetesSerialization(), pods), narrowing);
    }
    Instant now = context.now();
    Table table = namespace == null
        ? Table.of("NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE", "NODE")
        : Table.of("NAME", "READY", "STATUS", "RESTARTS", "AGE", "NODE");
    for (Pod pod : pods) {
      String[] cells = {pod.getMetadata().getName(), PodRows.ready(pod), PodRows.status(pod),
          PodRows.restarts(pod, now), Ages.since(pod.getMetadata().getCreationTimestamp(), now),
          pod.getSpec() == null ? null : pod.getSpec().getNodeName()};
      if (namespace == null) {
        String[] withNamespace = new String[cells.length + 1];
        withNamespace[0] = pod.getMetadata().getNamespace();
        System.arraycopy(cells, 0, withNamespace, 1, cells.length);
        cells = withNamespace;
      }
      table.row(cells);
    }
    return context.table(table, "pods", narrowing);
  }

  private ToolResult get(Args args) throws ToolError {
    context.requireAllowed("v1", "Pod");
    String name = args.requiredName("name");
    String namespace = args.name("namespace").orElse(context.cluster().defaultNamespace());
    Pod pod = find(namespace, name);
    return context.text(Objects.yaml(context.client().getKubernetesSerialization(), Objects.slim(pod)),
        "use pods_log for the logs, events_list for what happened to it");
  }

  private ToolResult log(Args args) throws ToolError {
    context.requireAllowed("v1", "Pod");
    String name = args.requiredName("name");
    String namespace = args.name("namespace").orElse(context.cluster().defaultNamespace());
    boolean previous = args.bool("previous").orElse(false);
    long tail = args.integer("tail", 0, MAX_TAIL).filter(t -> t > 0).orElse(DEFAULT_TAIL);
    Optional<Instant> since = sinceTime(args);
    boolean timestamps = args.bool("timestamps").orElse(false);
    Pod pod = find(namespace, name);
    String container = container(pod, args.string("container"));
    String path = "/api/v1/namespaces/" + namespace + "/pods/" + name + "/log?container="
        + URLEncoder.encode(container, StandardCharsets.UTF_8) + (previous ? "&previous=true" : "")
        + since.map(time -> "&sinceTime=" + URLEncoder.encode(time.toString(), StandardCharsets.UTF_8)).orElse("")
        + (timestamps ? "&timestamps=true" : "")
        + "&tailLines=" + tail;
    String log;
    try {
      log = context.client().raw(path);
    } catch (KubernetesClientException e) {
      throw context.failure(e, "reading the log of pod " + namespace + "/" + name + " container " + container);
    }
    if (log == null || log.isEmpty()) {
      return ToolResult.text("The pod " + name + " in namespace " + namespace + " has not logged any message yet"
          + (previous ? " (previous container)" : "") + ".");
    }
    return ToolResult.text(context.capKeepingEnd(log, "lower 'tail' to see fewer lines"));
  }

  private static Optional<Instant> sinceTime(Args args) throws ToolError {
    Optional<String> text = args.string("sinceTime");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text.get()).truncatedTo(ChronoUnit.SECONDS));
    } catch (DateTimeParseException e) {
      throw new ToolError("'sinceTime' must be an RFC 3339 time such as 2026-12-01T10:00:00Z");
    }
  }

  private Pod find(String namespace, String name) throws ToolError {
    Pod pod;
    try {
      pod = context.client().pods().inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      throw context.failure(e, "getting pod " + namespace + "/" + name);
    }
    if (pod == null) {
      Namespaces.requireExists(context, namespace);
      throw new ToolError("pod '" + name + "' not found in namespace '" + namespace
          + "'; pods_list_in_namespace shows the pods there");
    }
    return pod;
  }

  /** The container asked for, the only one, the annotated default, or an error listing them. */
  private static String container(Pod pod, Optional<String> requested) throws ToolError {
    List<String> names = pod.getSpec() == null ? List.of()
        : pod.getSpec().getContainers().stream().map(Container::getName).toList();
    if (requested.isPresent()) {
      if (!names.isEmpty() && !names.contains(requested.get())) {
        throw new ToolError("pod '" + pod.getMetadata().getName() + "' has no container '" + requested.get()
            + "'; its containers: " + String.join(", ", names));
      }
      return requested.get();
    }
    if (names.size() == 1) {
      return names.get(0);
    }
    var annotations = pod.getMetadata().getAnnotations();
    String preferred = annotations == null ? null : annotations.get("kubectl.kubernetes.io/default-container");
    if (preferred != null && names.contains(preferred)) {
      return preferred;
    }
    throw new ToolError("pod '" + pod.getMetadata().getName() + "' has several containers; pass 'container', one of: "
        + String.join(", ", names));
  }
}
