package dev.lantern.kube.cluster;

import dev.lantern.common.json.Json;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The kubeconfig as {@code configuration_view} shows it: minified to the current context on
 * request, and with every credential redacted. kubernetes-mcp-server returns tokens, passwords,
 * client keys and certificates as they are; a model, its logs and its provider never need them.
 */
public final class Kubeconfig {
  static final String REDACTED = "REDACTED";
  /** Keys whose values are credentials wherever they appear in a user entry. */
  private static final Set<String> SECRET_KEYS = Set.of("token", "password", "client-key-data",
      "client-certificate-data", "client-key", "client-certificate", "tokenFile", "username");

  private final ObjectNode document;

  /** A context as {@code configuration_contexts_list} shows it: no user, no credentials. */
  public record Context(String name, String cluster, String server, String namespace) {}

  private Kubeconfig(ObjectNode document) {
    this.document = document;
  }

  public static Kubeconfig fromText(String yaml) {
    try {
      JsonNode node = Json.YAML.readTree(yaml);
      return new Kubeconfig(node != null && node.isObject() ? (ObjectNode) node : Json.object());
    } catch (JacksonException e) {
      return new Kubeconfig(Json.object());
    }
  }

  /** The service account's view, shaped like a kubeconfig (there is no file in a pod). */
  public static Kubeconfig inCluster(String server, String namespace) {
    ObjectNode config = Json.object().put("apiVersion", "v1").put("kind", "Config")
        .put("current-context", "in-cluster");
    config.putArray("clusters").addObject().put("name", "in-cluster").putObject("cluster")
        .put("server", server).put("certificate-authority", "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt");
    config.putArray("contexts").addObject().put("name", "in-cluster").putObject("context")
        .put("cluster", "in-cluster").put("user", "service-account").put("namespace", namespace);
    config.putArray("users").addObject().put("name", "service-account").putObject("user")
        .put("tokenFile", "/var/run/secrets/kubernetes.io/serviceaccount/token");
    return new Kubeconfig(config);
  }

  public String currentContext() {
    return document.path("current-context").asString("");
  }

  public List<Context> contexts() {
    List<Context> contexts = new java.util.ArrayList<>();
    for (JsonNode entry : document.path("contexts")) {
      String name = entry.path("name").asString("");
      if (name.isEmpty()) {
        continue;
      }
      String cluster = entry.path("context").path("cluster").asString("");
      JsonNode details = find(document.path("clusters"), cluster);
      String server = details == null ? "" : details.path("cluster").path("server").asString("");
      contexts.add(new Context(name, cluster, server, entry.path("context").path("namespace").asString("")));
    }
    return contexts;
  }

  /** This kubeconfig as seen from another of its contexts (what {@code configuration_view} then minifies to). */
  Kubeconfig withCurrentContext(String name) {
    ObjectNode copy = document.deepCopy();
    copy.put("current-context", name);
    return new Kubeconfig(copy);
  }

  /** The document with credentials redacted; minified keeps only the current context's pieces. */
  public ObjectNode view(boolean minified) {
    ObjectNode copy = document.deepCopy();
    if (minified) {
      minify(copy);
    }
    for (JsonNode user : copy.path("users")) {
      redact(user.path("user"));
    }
    for (JsonNode cluster : copy.path("clusters")) {
      JsonNode details = cluster.path("cluster");
      if (details.isObject() && details.has("certificate-authority-data")) {
        ((ObjectNode) details).put("certificate-authority-data", REDACTED);
      }
    }
    return copy;
  }

  private static void minify(ObjectNode config) {
    String current = config.path("current-context").asString("");
    JsonNode context = find(config.path("contexts"), current);
    String cluster = context == null ? "" : context.path("context").path("cluster").asString("");
    String user = context == null ? "" : context.path("context").path("user").asString("");
    keepOnly(config, "contexts", current);
    keepOnly(config, "clusters", cluster);
    keepOnly(config, "users", user);
  }

  private static void keepOnly(ObjectNode config, String section, String name) {
    ArrayNode kept = Json.NODES.arrayNode();
    JsonNode match = find(config.path(section), name);
    if (match != null) {
      kept.add(match);
    }
    config.set(section, kept);
  }

  private static JsonNode find(JsonNode entries, String name) {
    for (JsonNode entry : entries) {
      if (name.equals(entry.path("name").asString(""))) {
        return entry;
      }
    }
    return null;
  }

  /** Credentials: the known keys, and everything inside exec and auth-provider blocks. */
  private static void redact(JsonNode user) {
    if (!user.isObject()) {
      return;
    }
    ObjectNode node = (ObjectNode) user;
    for (String key : List.copyOf(node.propertyNames())) {
      if (SECRET_KEYS.contains(key)) {
        node.put(key, REDACTED);
      } else if (key.equals("auth-provider") || key.equals("exec")) {
        redactAll(node.get(key));
      }
    }
  }

  private static void redactAll(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (String key : List.copyOf(object.propertyNames())) {
        JsonNode child = object.get(key);
        if (child.isValueNode() && !key.equals("command") && !key.equals("apiVersion") && !key.equals("name")) {
          object.put(key, REDACTED);
        } else {
          redactAll(child);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        if (array.get(i).isValueNode()) {
          array.set(i, Json.NODES.stringNode(REDACTED));
        } else {
          redactAll(array.get(i));
        }
      }
    }
  }
}
