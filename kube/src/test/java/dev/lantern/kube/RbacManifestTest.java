package dev.lantern.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.common.json.Json;
import dev.lantern.testkit.ExternalTool;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * deploy/rbac/kube-mcp-clusterrole.yaml grants what the tools use and nothing that writes: every
 * request every tool sends is matched against the rules, and the rules are checked for verbs.
 */
class RbacManifestTest {
  private static final Set<String> WRITE_VERBS = Set.of("create", "update", "patch", "delete", "deletecollection",
      "escalate", "bind", "impersonate", "*");
  /** Resource paths: /api/v1/..., /apis/{group}/{version}/..., optionally in a namespace. */
  private static final Pattern RESOURCE = Pattern.compile(
      "^/(?:api/v1|apis/([^/]+)/[^/]+)(?:/namespaces/([^/]+))?/([^/]+)(?:/([^/]+)(?:/([^/?]+))?)?");

  private record Rule(Set<String> groups, Set<String> resources, Set<String> verbs) {}

  private record Access(String group, String resource, String verb) {}

  @Test
  void theManifestHasNoWriteVerbAndNoSecretsOutsideTheHelmRole() throws Exception {
    Map<String, List<Rule>> roles = roles();

    assertThat(roles).containsOnlyKeys("lantern-kube-mcp", "lantern-kube-mcp-helm");
    roles.values().stream().flatMap(List::stream)
        .forEach(rule -> assertThat(rule.verbs()).doesNotContainAnyElementsOf(WRITE_VERBS));
    assertThat(roles.get("lantern-kube-mcp")).noneMatch(rule -> rule.resources().contains("secrets")
        || rule.resources().contains("*"));
  }

  @Test
  void theManifestAllowsEveryRequestEveryToolSends() throws Exception {
    Map<String, List<Rule>> roles = roles();
    try (KubeMcpHarness harness = KubeMcpHarness.start()) {
      for (EveryTool.Call call : EveryTool.CALLS) {
        harness.mock.clearRequests();
        harness.call(call.tool(), call.arguments());
        List<Rule> granted = new ArrayList<>(roles.get("lantern-kube-mcp"));
        if (call.tool().equals("helm_list")) {
          granted.addAll(roles.get("lantern-kube-mcp-helm"));
        }
        for (RecordedRequest request : harness.mock.requests()) {
          Access access = access(request);
          if (access == null || access.group().equals("example.com")) {
            continue; // discovery (granted to everyone), or the test's own CRD (the manifest says how to add yours)
          }
          assertThat(granted).as("%s %s needs %s", call.tool(), call.arguments(), access)
              .anyMatch(rule -> (rule.groups().contains(access.group()))
                  && rule.resources().contains(access.resource()) && rule.verbs().contains(access.verb()));
        }
      }
    }
  }

  private static Access access(RecordedRequest request) {
    String full = request.getPath();
    String path = full.contains("?") ? full.substring(0, full.indexOf('?')) : full;
    Matcher m = RESOURCE.matcher(path);
    if (!m.find()) {
      return null;
    }
    String group = m.group(1) == null ? "" : m.group(1);
    String resource = m.group(3);
    String name = m.group(4);
    String subresource = m.group(5);
    if (m.group(2) != null && resource.equals("namespaces")) {
      // /api/v1/namespaces/{ns} itself is a get on the namespace, not a namespaced collection
      return new Access(group, "namespaces", "get");
    }
    if (name == null) {
      return new Access(group, resource, full.contains("watch=true") ? "watch" : "list");
    }
    return new Access(group, subresource == null ? resource : resource + "/" + subresource, "get");
  }

  private static Map<String, List<Rule>> roles() throws Exception {
    String text = Files.readString(ExternalTool.projectRoot().resolve("deploy/rbac/kube-mcp-clusterrole.yaml"));
    Map<String, List<Rule>> roles = new java.util.LinkedHashMap<>();
    try (var documents = Json.YAML.readerFor(JsonNode.class).readValues(text)) {
      while (documents.hasNext()) {
        JsonNode role = (JsonNode) documents.next();
        assertThat(role.path("kind").asString()).isEqualTo("ClusterRole");
        List<Rule> rules = new ArrayList<>();
        for (JsonNode rule : role.path("rules")) {
          rules.add(new Rule(strings(rule.path("apiGroups")), strings(rule.path("resources")), strings(rule.path("verbs"))));
        }
        roles.put(role.path("metadata").path("name").asString(), rules);
      }
    }
    return roles;
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> values = new java.util.HashSet<>();
    array.forEach(value -> values.add(value.asString()));
    return values;
  }
}
