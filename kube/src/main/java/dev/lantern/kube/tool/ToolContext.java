package dev.lantern.kube.tool;

import dev.lantern.kube.cluster.Cluster;
import dev.lantern.kube.cluster.DeniedResources;
import dev.lantern.kube.cluster.ReadOnlyViolation;
import dev.lantern.kube.output.ListOutput;
import dev.lantern.kube.output.Table;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What every tool shares: the read-only cluster, the denied kinds, the list format and the size
 * cap, with the helpers that keep results short and errors readable.
 *
 * @param maxChars every result is cut to this many characters (about four a token)
 */
public record ToolContext(Cluster cluster, DeniedResources denied, ListOutput listOutput, int maxChars,
    Supplier<Instant> clock) {

  public static final int DEFAULT_MAX_CHARS = 48_000;

  public KubernetesClient client() {
    return cluster.client();
  }

  /** The same settings over another cluster (another kubeconfig context). */
  public ToolContext withCluster(Cluster other) {
    return new ToolContext(other, denied, listOutput, maxChars, clock);
  }

  public Instant now() {
    return clock.get();
  }

  /** Refuses a denied kind before any request is made. */
  public void requireAllowed(String apiVersion, String kind) throws ToolError {
    if (!denied.allows(apiVersion, kind)) {
      throw new ToolError("resource not allowed: " + apiVersion + "/" + kind
          + " (denied by --denied-resources; Secrets are denied unless you lift it)");
    }
  }

  /** A table as text, cut at the size cap with a note on how to see the rest. */
  public ToolResult table(Table table, String things, String narrowing) {
    if (table.size() == 0) {
      return ToolResult.text("No " + things + " found.");
    }
    Table.Rendered rendered = table.render(maxChars - 400);
    String text = rendered.text();
    if (rendered.cut()) {
      text += "\n[output cut: showing " + rendered.shown() + " of " + rendered.total() + " " + things
          + " to stay within " + maxChars + " characters; " + narrowing + "]\n";
    }
    Map<String, Object> structured = new LinkedHashMap<>();
    structured.put("total", rendered.total());
    structured.put("shown", rendered.shown());
    structured.put("items", table.records(rendered.shown()));
    return new ToolResult(text, structured);
  }

  /** Free text (YAML, logs, JSON) cut at the size cap, at a line boundary, with a note. */
  public ToolResult text(String text, String narrowing) {
    return ToolResult.text(cap(text, narrowing));
  }

  public String cap(String text, String narrowing) {
    if (text.length() <= maxChars) {
      return text;
    }
    int end = text.lastIndexOf('\n', maxChars - 300);
    String kept = text.substring(0, end > 0 ? end + 1 : maxChars - 300);
    return kept + "\n[output cut: " + (text.length() - kept.length()) + " of " + text.length()
        + " characters left out; " + narrowing + "]\n";
  }

  /** Logs keep their end (the latest lines) when cut; the note says how to see less. */
  public String capKeepingEnd(String log, String narrowing) {
    if (log.length() <= maxChars) {
      return log;
    }
    int start = log.indexOf('\n', log.length() - (maxChars - 300));
    String kept = log.substring(start < 0 ? log.length() - (maxChars - 300) : start + 1);
    return "[output cut: the first " + (log.length() - kept.length()) + " of " + log.length()
        + " characters left out; " + narrowing + "]\n" + kept;
  }

  /** Turns a failed Kubernetes request into a message that says what to do. */
  public ToolError failure(KubernetesClientException e, String what) {
    int code = e.getCode();
    if (code == 404) {
      return new ToolError(what + ": not found");
    }
    if (code == 403) {
      return new ToolError(what + ": forbidden by RBAC; the service account needs read access "
          + "(see deploy/rbac/kube-mcp-clusterrole.yaml)");
    }
    if (code == 401) {
      return new ToolError(what + ": the Kubernetes API refused the credentials (401)");
    }
    if (e.getCause() instanceof ReadOnlyViolation) {
      return new ToolError(what + ": " + e.getCause().getMessage());
    }
    String message = e.getStatus() != null && e.getStatus().getMessage() != null
        ? e.getStatus().getMessage()
        : e.getMessage();
    if (code == 0) {
      return new ToolError(what + ": cannot reach the Kubernetes API at " + client().getMasterUrl()
          + " (" + firstLine(message) + ")");
    }
    return new ToolError(what + ": " + firstLine(message));
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no details";
    }
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }
}
