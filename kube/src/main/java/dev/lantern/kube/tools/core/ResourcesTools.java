package dev.lantern.kube.tools.core;

import static dev.lantern.kube.tool.Schemas.FIELD_SELECTOR_PATTERN;
import static dev.lantern.kube.tool.Schemas.LABEL_SELECTOR;
import static dev.lantern.kube.tool.Schemas.object;
import static dev.lantern.kube.tool.Schemas.string;

import dev.lantern.kube.output.Ages;
import dev.lantern.kube.output.ListOutput;
import dev.lantern.kube.output.Objects;
import dev.lantern.kube.output.Table;
import dev.lantern.kube.tool.Args;
import dev.lantern.kube.tool.KubeTool;
import dev.lantern.kube.tool.ToolContext;
import dev.lantern.kube.tool.ToolError;
import dev.lantern.kube.tool.ToolResult;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.TableColumnDefinition;
import io.fabric8.kubernetes.api.model.TableRow;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Any kind, CRDs included, by apiVersion and kind. Lists come as the API server's own table (the
 * columns kubectl prints, printer columns of CRDs included) when it offers one, else as a generic
 * table of namespace, name and age.
 */
final class ResourcesTools {
  private static final String COMMON_KINDS =
      "\n(common apiVersion and kind include: v1 Pod, v1 Service, v1 Node, apps/v1 Deployment, networking.k8s.io/v1 Ingress)";

  private final ToolContext context;

  ResourcesTools(ToolContext context) {
    this.context = context;
  }

  List<KubeTool> tools() {
    return List.of(
        KubeTool.of("resources_list", "Resources: List",
            "List Kubernetes resources and objects in the current cluster by providing their apiVersion and kind and "
                + "optionally the namespace and label selector" + COMMON_KINDS,
            object("\"apiVersion\", \"kind\"",
                string("apiVersion", "apiVersion of the resources (examples of valid apiVersion are: v1, apps/v1, networking.k8s.io/v1)"),
                string("kind", "kind of the resources (examples of valid kind are: Pod, Service, Deployment, Ingress)"),
                string("namespace", "Optional Namespace to retrieve the namespaced resources from (ignored in case of "
                    + "cluster scoped resources). If not provided, will list resources from all namespaces"),
                LABEL_SELECTOR.formatted("resources"),
                "\"fieldSelector\": {\"type\": \"string\", \"pattern\": \"" + FIELD_SELECTOR_PATTERN + "\", \"description\": "
                    + "\"Optional Kubernetes field selector to filter resources by field values (e.g. 'status.phase=Running', "
                    + "'metadata.name=myresource'). Supported fields vary by resource type.\"}"),
            this::list),
        KubeTool.of("resources_get", "Resources: Get",
            "Get a Kubernetes resource in the current cluster by providing its apiVersion, kind, optionally the "
                + "namespace, and its name" + COMMON_KINDS,
            object("\"apiVersion\", \"kind\", \"name\"",
                string("apiVersion", "apiVersion of the resource (examples of valid apiVersion are: v1, apps/v1, networking.k8s.io/v1)"),
                string("kind", "kind of the resource (examples of valid kind are: Pod, Service, Deployment, Ingress)"),
                string("namespace", "Optional Namespace to retrieve the namespaced resource from (ignored in case of "
                    + "cluster scoped resources). If not provided, will get resource from configured namespace"),
                string("name", "Name of the resource")),
            this::get));
  }

  private ToolResult list(Args args) throws ToolError {
    String apiVersion = args.required("apiVersion");
    String kind = args.required("kind");
    context.requireAllowed(apiVersion, kind);
    String namespace = args.name("namespace").orElse(null);
    var options = new ListOptionsBuilder();
    args.string("labelSelector").ifPresent(options::withLabelSelector);
    args.string("fieldSelector").ifPresent(options::withFieldSelector);
    String narrowing = "pass a namespace, a labelSelector or a fieldSelector";
    MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> all =
        operation(apiVersion, kind);
    try {
      var scoped = namespace == null ? all.inAnyNamespace() : all.inNamespace(namespace);
      if (context.listOutput() == ListOutput.TABLE) {
        Table serverTable = serverTable(scoped.listAsTable(options.build()));
        if (serverTable != null) {
          return context.table(serverTable, kind + " objects", narrowing);
        }
      }
      List<GenericKubernetesResource> items = scoped.list(options.build()).getItems();
      if (context.listOutput() == ListOutput.YAML) {
        return context.text(Objects.yamlList(context.client().getKubernetesSerialization(), items), narrowing);
      }
      return context.table(genericTable(items), kind + " objects", narrowing);
    } catch (KubernetesClientException e) {
      throw unknownKindOr(e, apiVersion, kind, "listing " + apiVersion + " " + kind);
    }
  }

  private ToolResult get(Args args) throws ToolError {
    String apiVersion = args.required("apiVersion");
    String kind = args.required("kind");
    context.requireAllowed(apiVersion, kind);
    String name = args.requiredName("name");
    String namespace = args.name("namespace").orElse(context.cluster().defaultNamespace());
    GenericKubernetesResource resource;
    try {
      resource = operation(apiVersion, kind).inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      throw unknownKindOr(e, apiVersion, kind, "getting " + kind + " " + name);
    }
    if (resource == null) {
      throw new ToolError(kind + " '" + name + "' not found (namespace '" + namespace
          + "' if it is namespaced); resources_list shows what exists");
    }
    return context.text(Objects.yaml(context.client().getKubernetesSerialization(), Objects.slim(resource)),
        "the object is larger than the output limit");
  }

  private MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
      operation(String apiVersion, String kind) throws ToolError {
    try {
      return context.client().genericKubernetesResources(apiVersion, kind);
    } catch (KubernetesClientException e) {
      throw unknownKindOr(e, apiVersion, kind, "finding " + apiVersion + " " + kind);
    }
  }

  private ToolError unknownKindOr(KubernetesClientException e, String apiVersion, String kind, String what) {
    if (e.getMessage() != null && e.getMessage().contains("Could not find the metadata")) {
      return new ToolError("unknown kind '" + kind + "' in apiVersion '" + apiVersion + "': the cluster serves no such "
          + "resource; check the spelling, or list CustomResourceDefinitions (apiVersion apiextensions.k8s.io/v1)");
    }
    return context.failure(e, what);
  }

  /** The API server's table, or null when it sent a plain list (old servers, the test mock). */
  private Table serverTable(io.fabric8.kubernetes.api.model.Table table) {
    if (table == null || !"Table".equals(table.getKind()) || table.getColumnDefinitions() == null
        || table.getColumnDefinitions().isEmpty() || table.getRows() == null) {
      return null;
    }
    List<Integer> shown = new ArrayList<>();
    List<String> headers = new ArrayList<>(List.of("NAMESPACE"));
    List<TableColumnDefinition> columns = table.getColumnDefinitions();
    for (int i = 0; i < columns.size(); i++) {
      Integer priority = columns.get(i).getPriority();
      if (priority == null || priority == 0) { // what kubectl shows without -o wide
        shown.add(i);
        headers.add(columns.get(i).getName().toUpperCase(java.util.Locale.ROOT));
      }
    }
    Table result = new Table(headers);
    for (TableRow row : table.getRows()) {
      String[] cells = new String[headers.size()];
      cells[0] = namespaceOf(row);
      for (int i = 0; i < shown.size(); i++) {
        Object cell = row.getCells() == null || row.getCells().size() <= shown.get(i) ? null : row.getCells().get(shown.get(i));
        cells[i + 1] = cell == null ? null : cell.toString();
      }
      result.row(cells);
    }
    return result;
  }

  private static String namespaceOf(TableRow row) {
    if (row.getObject() == null || !(row.getObject().getValue() instanceof Map<?, ?> object)) {
      return null;
    }
    return object.get("metadata") instanceof Map<?, ?> metadata && metadata.get("namespace") != null
        ? metadata.get("namespace").toString()
        : null;
  }

  private Table genericTable(List<GenericKubernetesResource> items) {
    Instant now = context.now();
    boolean namespaced = items.stream().anyMatch(i -> i.getMetadata().getNamespace() != null);
    Table table = namespaced ? Table.of("NAMESPACE", "NAME", "AGE") : Table.of("NAME", "AGE");
    for (GenericKubernetesResource item : items) {
      String age = Ages.since(item.getMetadata().getCreationTimestamp(), now);
      if (namespaced) {
        table.row(item.getMetadata().getNamespace(), item.getMetadata().getName(), age);
      } else {
        table.row(item.getMetadata().getName(), age);
      }
    }
    return table;
  }
}
