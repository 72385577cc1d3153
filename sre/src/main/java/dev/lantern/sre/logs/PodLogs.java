package dev.lantern.sre.logs;

import dev.lantern.agent.tool.Tool;
import dev.lantern.agent.tool.ToolArgs;
import dev.lantern.agent.tool.ToolException;
import dev.lantern.agent.tool.ToolResult;
import dev.lantern.agent.tool.ToolSource;
import dev.lantern.agent.tool.Tools;
import dev.lantern.common.json.Json;
import dev.lantern.sre.prometheus.TimeArgs;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.node.ObjectNode;

/**
 * HolmesGPT's {@code fetch_pod_logs}: a pod's log over a time range, filtered in or out, the last
 * lines up to a limit, repeated lines folded, and a summary line that says how much was read and
 * how many lines look like errors. It reads through kube-mcp's {@code pods_log} (with timestamps
 * and {@code sinceTime}), so the investigator still touches the cluster only through kube-mcp.
 */
public final class PodLogs {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 2000;
  /**
   * The most a filter searches through. kube-mcp cuts its answer at --max-output-chars (48k) anyway,
   * and a sidecar with a 40 MiB heap must not read 10,000 long lines at once.
   */
  static final int FETCH_LINES = 2_000;

  private final ToolSource kube;
  private final String podsLog;
  private final Supplier<Instant> clock;

  /**
   * @param kube    kube-mcp's tools, looked up on each call (kube-mcp may connect after start-up)
   * @param podsLog the name kube-mcp's {@code pods_log} has among them ({@code mcp_kubernetes_pods_log})
   */
  public PodLogs(ToolSource kube, String podsLog, Supplier<Instant> clock) {
    this.kube = kube;
    this.podsLog = podsLog;
    this.clock = clock;
  }

  public Tool tool() {
    return Tools.define("fetch_pod_logs",
        "Fetch a pod's logs: the last lines (limit), optionally only those in a time range or matching a filter, "
            + "with repeated lines folded and a count of error lines. Use previous=true for the container that "
            + "crashed. Prefer this to pods_log when the log is long or you look for something specific",
        Tools.schema("""
            {"type": "object", "required": ["pod_name", "namespace"], "properties": {
              "pod_name": {"type": "string", "description": "The pod's name"},
              "namespace": {"type": "string", "description": "The pod's namespace"},
              "container": {"type": "string", "description": "The container (Optional when the pod has one)"},
              "previous": {"type": "boolean", "description": "The previous, terminated container's log (default false)"},
              "start_time": {"type": "string", "description": "Only lines from this time: RFC 3339, Unix seconds or relative like now-1h"},
              "end_time": {"type": "string", "description": "Only lines up to this time (default now)"},
              "filter": {"type": "string", "description": "Only lines matching this text or regex, case-insensitive (e.g. error|timeout)"},
              "exclude_filter": {"type": "string", "description": "Leave out lines matching this text or regex (e.g. GET /healthz)"},
              "limit": {"type": "integer", "minimum": 1, "maximum": 2000, "description": "How many of the last matching lines to return (default 100)"}}}"""),
        true, this::fetch);
  }

  private ToolResult fetch(ToolArgs args) throws Exception {
    String pod = args.required("pod_name");
    String namespace = args.required("namespace");
    Instant now = clock.get();
    Instant start = optionalTime(args, "start_time", now).orElse(null);
    Instant end = optionalTime(args, "end_time", now).orElse(null);
    if (start != null && end != null && start.isAfter(end)) {
      throw new ToolException("'start_time' " + start + " is after 'end_time' " + end);
    }
    Pattern include = pattern(args, "filter");
    Pattern exclude = pattern(args, "exclude_filter");
    int limit = (int) (long) args.integer("limit", 1, MAX_LIMIT).orElse((long) DEFAULT_LIMIT);
    boolean previous = flag(args, "previous");

    ObjectNode request = Json.object().put("name", pod).put("namespace", namespace).put("previous", previous)
        .put("timestamps", true).put("tail", FETCH_LINES);
    args.string("container").ifPresent(container -> request.put("container", container));
    if (start != null) {
      request.put("sinceTime", start.toString());
    }
    ToolResult log = podsLog().call(new ToolArgs(request));
    String what = "pod " + namespace + "/" + pod + args.string("container").map(c -> " container " + c).orElse("")
        + (previous ? " (previous container)" : "");
    if (log.error()) {
      return log;
    }
    if (log.text().contains("has not logged any message yet")) {
      return start == null ? log : ToolResult.ok("No lines of " + what + " since " + start + ".");
    }
    try {
      LogSelection selection = LogSelection.of(log.text(), start, end, include, exclude, limit);
      return ToolResult.ok(selection.render(what, args.string("filter").orElse(null)));
    } catch (LogSelection.FilterTooSlow slow) {
      throw new ToolException("the filter took too long on this log (a regex that backtracks); use plain text "
          + "or a simpler regex");
    }
  }

  private Tool podsLog() throws ToolException {
    return kube.tools().stream().filter(tool -> tool.name().equals(podsLog)).findFirst()
        .orElseThrow(() -> new ToolException("kube-mcp is not connected, so pod logs cannot be read now; "
            + "say so in the answer"));
  }

  private static boolean flag(ToolArgs args, String name) throws ToolException {
    var value = args.json().path(name);
    if (value.isMissingNode() || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw new ToolException("'" + name + "' must be true or false");
    }
    return value.asBoolean();
  }

  private static Optional<Instant> optionalTime(ToolArgs args, String name, Instant now) throws ToolException {
    Optional<String> text = args.string(name);
    return text.isEmpty() ? Optional.empty() : Optional.of(TimeArgs.instant(text.get(), now, name));
  }

  /** A regex when it is one, else the literal text; both ignore case. */
  private static Pattern pattern(ToolArgs args, String name) throws ToolException {
    Optional<String> text = args.string(name);
    if (text.isEmpty() || text.get().isBlank()) {
      return null;
    }
    if (text.get().length() > 500) {
      throw new ToolException("'" + name + "' is too long (at most 500 characters)");
    }
    try {
      return Pattern.compile(text.get(), Pattern.CASE_INSENSITIVE);
    } catch (PatternSyntaxException notARegex) {
      return Pattern.compile(Pattern.quote(text.get()), Pattern.CASE_INSENSITIVE);
    }
  }
}
