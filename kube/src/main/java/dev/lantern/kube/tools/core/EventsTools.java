package dev.lantern.kube.tools.core;

import static dev.lantern.kube.tool.Schemas.object;
import static dev.lantern.kube.tool.Schemas.string;

import dev.lantern.kube.output.Ages;
import dev.lantern.kube.output.Table;
import dev.lantern.kube.tool.Args;
import dev.lantern.kube.tool.KubeTool;
import dev.lantern.kube.tool.ToolContext;
import dev.lantern.kube.tool.ToolError;
import dev.lantern.kube.tool.ToolResult;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Events, newest first (so that a cut keeps the latest), one line each with the object they are
 * about and a message shortened to what a model needs.
 */
final class EventsTools {
  private static final int MAX_MESSAGE = 200;

  private final ToolContext context;

  EventsTools(ToolContext context) {
    this.context = context;
  }

  List<KubeTool> tools() {
    return List.of(KubeTool.of("events_list", "Events: List",
        "List Kubernetes events (warnings, errors, state changes) for debugging and troubleshooting in the current "
            + "cluster from all namespaces",
        object("", string("namespace",
            "Optional Namespace to retrieve the events from. If not provided, will list events from all namespaces")),
        this::list));
  }

  private ToolResult list(Args args) throws ToolError {
    context.requireAllowed("v1", "Event");
    String namespace = args.name("namespace").orElse(null);
    List<Event> events;
    try {
      var operation = context.client().v1().events();
      events = (namespace == null ? operation.inAnyNamespace().list() : operation.inNamespace(namespace).list())
          .getItems();
    } catch (KubernetesClientException e) {
      throw context.failure(e, "listing events");
    }
    if (events.isEmpty() && namespace != null) {
      Namespaces.requireExists(context, namespace);
    }
    Instant now = context.now();
    Table table = Table.of("NAMESPACE", "LAST SEEN", "TYPE", "REASON", "OBJECT", "COUNT", "MESSAGE");
    events.stream().sorted(Comparator.comparing(EventsTools::lastSeen).reversed()).forEach(event -> {
      var object = event.getInvolvedObject();
      table.row(event.getMetadata().getNamespace(), Ages.since(lastSeen(event), now), event.getType(),
          event.getReason(), object == null ? null : object.getKind().toLowerCase(java.util.Locale.ROOT) + "/" + object.getName(),
          event.getCount() == null ? "1" : event.getCount().toString(), shorten(event.getMessage()));
    });
    return context.table(table, "events", namespace == null ? "pass a namespace" : "these are the newest");
  }

  /** The time an event last happened, by the field its producer filled. */
  private static String lastSeen(Event event) {
    if (event.getLastTimestamp() != null) {
      return event.getLastTimestamp();
    }
    if (event.getEventTime() != null && event.getEventTime().getTime() != null) {
      return event.getEventTime().getTime();
    }
    if (event.getFirstTimestamp() != null) {
      return event.getFirstTimestamp();
    }
    return event.getMetadata().getCreationTimestamp() == null ? "" : event.getMetadata().getCreationTimestamp();
  }

  private static String shorten(String message) {
    if (message == null) {
      return null;
    }
    String line = message.strip().replace('\n', ' ');
    return line.length() > MAX_MESSAGE ? line.substring(0, MAX_MESSAGE) + "…" : line;
  }
}
