package dev.lantern.kube.tools.helm;

import static dev.lantern.kube.tool.Schemas.bool;
import static dev.lantern.kube.tool.Schemas.object;
import static dev.lantern.kube.tool.Schemas.string;

import dev.lantern.common.json.Json;
import dev.lantern.kube.output.Ages;
import dev.lantern.kube.output.Table;
import dev.lantern.kube.tool.Args;
import dev.lantern.kube.tool.KubeTool;
import dev.lantern.kube.tool.ToolContext;
import dev.lantern.kube.tool.ToolError;
import dev.lantern.kube.tool.ToolResult;
import dev.lantern.kube.tool.Toolset;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Helm 3 releases, read from the Secrets Helm stores them in (label {@code owner=helm}). Only the
 * release metadata leaves this class: name, revision, status, chart and app version, time. The
 * values and manifests in the same record may hold credentials and are dropped unread.
 *
 * <p>Opt-in ({@code --toolsets ...,helm}): Kubernetes RBAC cannot grant "Secret metadata only",
 * so this tool needs its own ClusterRole that can list Secrets (deploy/rbac). It is exempt from
 * the Secret denial because it never returns Secret content.
 */
public final class HelmToolset implements Toolset {
  private static final int MAX_RELEASE_BYTES = 32 * 1024 * 1024;

  @Override
  public String name() {
    return "helm";
  }

  @Override
  public List<KubeTool> tools(ToolContext context) {
    return List.of(KubeTool.of("helm_list", "Helm: List",
        "List all the Helm releases in the current or provided namespace (or in all namespaces if specified)",
        object("", string("namespace", "Namespace to list Helm releases from (Optional, all namespaces if not provided)"),
            bool("all_namespaces", "If true, lists all Helm releases in all namespaces ignoring the namespace argument (Optional)")),
        args -> list(context, args)));
  }

  private static ToolResult list(ToolContext context, Args args) throws ToolError {
    String namespace = args.bool("all_namespaces").orElse(false) ? null : args.name("namespace").orElse(null);
    List<Secret> records;
    try {
      var secrets = context.client().secrets();
      records = (namespace == null ? secrets.inAnyNamespace() : secrets.inNamespace(namespace))
          .withLabel("owner", "helm").list().getItems();
    } catch (KubernetesClientException e) {
      throw context.failure(e, "listing Helm releases (their records are Secrets labelled owner=helm; the "
          + "lantern-kube-mcp-helm ClusterRole grants that)");
    }
    Map<String, Release> latest = new LinkedHashMap<>();
    for (Secret record : records) {
      Release release = Release.read(record);
      if (release != null) {
        latest.merge(release.namespace + "/" + release.name, release,
            (a, b) -> a.revision >= b.revision ? a : b);
      }
    }
    Instant now = context.now();
    Table table = Table.of("NAME", "NAMESPACE", "REVISION", "STATUS", "CHART", "APP VERSION", "UPDATED");
    latest.values().stream().sorted(Comparator.comparing((Release r) -> r.namespace).thenComparing(r -> r.name))
        .forEach(r -> table.row(r.name, r.namespace, Integer.toString(r.revision), r.status, r.chart, r.appVersion,
            r.updated == null ? null : Ages.since(r.updated, now) + " ago"));
    return context.table(table, "Helm releases", "pass a namespace");
  }

  /** The metadata of one release record; everything else in it is ignored. */
  private record Release(String name, String namespace, int revision, String status, String chart,
      String appVersion, String updated) {

    static Release read(Secret record) {
      Map<String, String> labels = record.getMetadata().getLabels() == null ? Map.of() : record.getMetadata().getLabels();
      String name = labels.getOrDefault("name", record.getMetadata().getName());
      String status = labels.get("status");
      int revision = parseInt(labels.get("version"));
      JsonNode decoded = decode(record.getData() == null ? null : record.getData().get("release"));
      if (decoded == null) {
        return new Release(name, record.getMetadata().getNamespace(), revision, status, null, null,
            record.getMetadata().getCreationTimestamp());
      }
      JsonNode chart = decoded.path("chart").path("metadata");
      String chartName = chart.path("name").asString("");
      String chartVersion = chart.path("version").asString("");
      return new Release(name, record.getMetadata().getNamespace(),
          revision != 0 ? revision : decoded.path("version").asInt(0),
          status != null ? status : decoded.path("info").path("status").asString(null),
          chartName.isEmpty() ? null : chartName + "-" + chartVersion,
          chart.path("appVersion").asString(null),
          decoded.path("info").path("last_deployed").asString(record.getMetadata().getCreationTimestamp()));
    }

    /** Kubernetes' base64 around Helm's base64 around gzip around JSON. */
    private static JsonNode decode(String data) {
      if (data == null) {
        return null;
      }
      try {
        byte[] helmText = Base64.getDecoder().decode(data);
        byte[] bytes = Base64.getDecoder().decode(new String(helmText, java.nio.charset.StandardCharsets.US_ASCII).strip());
        InputStream in = new ByteArrayInputStream(bytes);
        if (bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
          in = new GZIPInputStream(in);
        }
        try (InputStream json = in) {
          return Json.MAPPER.readTree(json.readNBytes(MAX_RELEASE_BYTES));
        }
      } catch (IllegalArgumentException | IOException | JacksonException e) {
        return null; // not a record this tool understands: the labels still say enough
      }
    }

    private static int parseInt(String text) {
      try {
        return text == null ? 0 : Integer.parseInt(text);
      } catch (NumberFormatException e) {
        return 0;
      }
    }
  }
}
