package dev.lantern.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import dev.lantern.common.json.Json;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The Helm chart, rendered by the real Helm engine for several value sets, parsed with fabric8. */
class ChartTest {
  static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  static final Path CHART = ROOT.resolve("deploy/helm/lantern");
  private static final KubernetesSerialization YAML = new KubernetesSerialization();
  private static final Set<String> WRITE_VERBS = Set.of("create", "update", "patch", "delete", "deletecollection",
      "*", "escalate", "bind", "impersonate");

  @Test
  void theChartLintsCleanWithItsDefaultsAndTheHomelabValues() {
    LintResult defaults = new Helm(CHART).lint().strict().call();
    assertThat(defaults.isFailed()).as(String.join("\n", defaults.getMessages())).isFalse();
  }

  @Test
  void theHomelabStackRendersEveryPart() {
    List<HasMetadata> objects = render(homelab());

    assertThat(objects).extracting(HasMetadata::getKind).contains("Namespace", "PersistentVolumeClaim", "Deployment",
        "Service", "ConfigMap", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "ServiceMonitor", "Ingress");
    Deployment registry = named(objects, Deployment.class, "registry");
    assertThat(registry.getMetadata().getNamespace()).isEqualTo("registry");
    assertThat(registry.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage()).isEqualTo("registry:2");
  }

  @Test
  void theServiceMonitorSelectsExactlyTheGatewayServicesLabels() {
    List<HasMetadata> objects = render(homelab().set("gateway.service.labels.team", "ai"));
    Service gateway = named(objects, Service.class, "lantern-gateway");
    GenericKubernetesResource monitor = objects.stream().filter(o -> o.getKind().equals("ServiceMonitor"))
        .map(GenericKubernetesResource.class::cast).findFirst().orElseThrow();

    @SuppressWarnings("unchecked")
    Map<String, String> selector = (Map<String, String>) ((Map<String, Object>) ((Map<String, Object>) monitor
        .getAdditionalProperties().get("spec")).get("selector")).get("matchLabels");
    assertThat(gateway.getMetadata().getLabels()).containsAllEntriesOf(selector);
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
    assertThat(gateway.getSpec().getSelector()).isEqualTo(selector);
  }

  @Test
  void theAssistantPodHasItsSidecarAndReachesItAndTheGatewayByTheRightUrls() {
    List<HasMetadata> objects = render(homelab());
    Deployment assistant = named(objects, Deployment.class, "lantern-assistant");
    List<Container> containers = assistant.getSpec().getTemplate().getSpec().getContainers();

    assertThat(containers).extracting(Container::getName).containsExactly("assistant", "kube-mcp");
    assertThat(containers.get(1).getArgs()).containsSequence("kube-mcp", "--port", "8080");
    assertThat(assistant.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("lantern-assistant");
    assertThat(assistant.getSpec().getTemplate().getSpec().getVolumes())
        .anySatisfy(v -> assertThat(v.getPersistentVolumeClaim()).isNotNull());
    assertThat(containers.getFirst().getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/opt/data"));
    String config = named(objects, ConfigMap.class, "lantern-assistant").getData().get("config.yaml");
    JsonNode parsed = Json.YAML.readTree(config);
    assertThat(parsed.path("mcp_servers").path("kubernetes").path("url").asString()).isEqualTo("http://127.0.0.1:8080/mcp");
    assertThat(parsed.path("model").path("base_url").asString()).isEqualTo("http://lantern-gateway:4000/v1");
  }

  @Test
  void theAssistantsApiServerIsOffByDefaultAndOnWithAKeyFromASecret() {
    Container off = named(render(homelab()), Deployment.class, "lantern-assistant").getSpec().getTemplate().getSpec()
        .getContainers().getFirst();
    Container on = named(render(homelab().set("assistant.apiServer.existingSecret", "lantern-assistant-api")),
        Deployment.class, "lantern-assistant").getSpec().getTemplate().getSpec().getContainers().getFirst();

    assertThat(off.getEnv()).noneSatisfy(e -> assertThat(e.getName()).startsWith("API_SERVER"));
    assertThat(on.getEnv()).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("API_SERVER_ENABLED");
      assertThat(e.getValue()).isEqualTo("true");
    }).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("API_SERVER_KEY");
      assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("lantern-assistant-api");
      assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("API_SERVER_KEY");
    });
  }

  @Test
  void theWebChatIngressNeedsTheApiKeyAndPointsAtTheAssistant() {
    List<HasMetadata> objects = render(homelab().set("assistant.apiServer.existingSecret", "lantern-assistant-api")
        .set("assistant.ingress.enabled", "true"));

    var ingress = named(objects, io.fabric8.kubernetes.api.model.networking.v1.Ingress.class, "lantern-assistant");
    assertThat(ingress.getSpec().getRules().getFirst().getHost()).isEqualTo("hermes.cluster.home");
    assertThat(ingress.getSpec().getRules().getFirst().getHttp().getPaths().getFirst().getBackend().getService()
        .getName()).isEqualTo("lantern-assistant");
    assertThat(render(homelab())).noneMatch(o -> o.getKind().equals("Ingress")
        && o.getMetadata().getName().equals("lantern-assistant"));
    assertThatThrownBy(() -> render(homelab().set("assistant.ingress.enabled", "true")))
        .hasMessageContaining("assistant.ingress.enabled needs assistant.apiServer.existingSecret");
  }

  @Test
  void theSrePodHasItsSidecarItsUrlsAndTheOldHolmesUiHost() {
    List<HasMetadata> objects = render(homelab().set("sre.telegramHomeChat", "4242")
        .set("sre.apiKey.existingSecret", "lantern-sre"));
    Deployment sre = named(objects, Deployment.class, "lantern-sre");
    List<Container> containers = sre.getSpec().getTemplate().getSpec().getContainers();

    assertThat(containers).extracting(Container::getName).containsExactly("sre", "kube-mcp");
    assertThat(containers.getFirst().getArgs()).containsExactly("sre", "serve", "--port", "5050");
    assertThat(containers.get(1).getArgs()).containsSequence("--toolsets", "core,config,metrics,diagnose");
    Map<String, String> env = new java.util.HashMap<>();
    containers.getFirst().getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> env.put(e.getName(), e.getValue()));
    assertThat(env).containsEntry("KUBE_MCP_URL", "http://127.0.0.1:8080/mcp")
        .containsEntry("OPENAI_API_BASE", "http://lantern-gateway:4000/v1")
        .containsEntry("PROMETHEUS_URL", "http://kube-prometheus-stack-prometheus.monitoring:9090")
        .containsEntry("TELEGRAM_HOME_CHAT", "4242").containsEntry("LANTERN_HOME", "/opt/data");
    assertThat(containers.getFirst().getEnv()).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("TELEGRAM_BOT_TOKEN");
      assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("lantern-telegram");
    }).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("SRE_API_KEY");
      assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("lantern-sre");
    });
    assertThat(containers.getFirst().getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(sre.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("lantern-sre");
    var binding = named(objects, io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding.class, "lantern-sre-kube-mcp");
    assertThat(binding.getRoleRef().getName()).isEqualTo("lantern-kube-mcp");
    assertThat(binding.getSubjects().getFirst().getName()).isEqualTo("lantern-sre");
    var ingress = named(objects, io.fabric8.kubernetes.api.model.networking.v1.Ingress.class, "lantern-sre");
    assertThat(ingress.getSpec().getRules().getFirst().getHost()).isEqualTo("holmes-ui.cluster.home");
    assertThat(ingress.getSpec().getRules().getFirst().getHttp().getPaths().getFirst().getBackend().getService()
        .getName()).isEqualTo("lantern-sre");
  }

  @Test
  void theSreAloneStillGetsTheReadOnlyClusterRole() {
    List<HasMetadata> objects = render(defaults().set("assistant.enabled", "false").set("sre.enabled", "true"));

    assertThat(named(objects, ClusterRole.class, "lantern-kube-mcp").getRules()).isNotEmpty();
    assertThat(objects).noneMatch(o -> o.getMetadata().getName().equals("lantern-assistant"));
  }

  @Test
  void theClusterRoleReadsOnlyAndIsTheRepositorysManifest() throws Exception {
    ClusterRole chart = named(render(homelab()), ClusterRole.class, "lantern-kube-mcp");
    // The file's first document; the second is the separate Helm role.
    String first = Files.readString(ROOT.resolve("deploy/rbac/kube-mcp-clusterrole.yaml")).split("(?m)^---\\s*$")[0];
    ClusterRole manifest = YAML.unmarshal(first, ClusterRole.class);

    for (PolicyRule rule : chart.getRules()) {
      assertThat(rule.getVerbs()).as("rule %s", rule).noneMatch(WRITE_VERBS::contains);
    }
    assertThat(chart.getRules()).isEqualTo(manifest.getRules());
  }

  @Test
  void everyContainerIsNonRootWithProbesAndThePisResources() {
    List<HasMetadata> objects = render(homelab());
    List<Container> containers = new ArrayList<>();
    objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
        .forEach(d -> containers.addAll(d.getSpec().getTemplate().getSpec().getContainers()));

    assertThat(containers).hasSize(6);
    for (Container container : containers) {
      assertThat(container.getSecurityContext().getRunAsNonRoot()).as(container.getName()).isTrue();
      assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
      assertThat(container.getReadinessProbe()).as(container.getName()).isNotNull();
      assertThat(container.getLivenessProbe()).as(container.getName()).isNotNull();
      assertThat(container.getResources().getRequests()).containsEntry("cpu", new Quantity("100m"))
          .containsEntry("memory", new Quantity("128Mi"));
      assertThat(container.getResources().getLimits()).containsEntry("cpu", new Quantity("500m"))
          .containsEntry("memory", new Quantity("512Mi"));
      if (!container.getName().equals("registry")) {
        assertThat(container.getEnv()).as(container.getName() + " has its service's heap")
            .anySatisfy(env -> assertThat(env.getName() + "=" + env.getValue()).startsWith("JDK_JAVA_OPTIONS=-Xms"));
      }
    }
  }

  @Test
  void noSecretValueEverLandsInAConfigMap() {
    List<HasMetadata> objects = render(defaults().set("gateway.secret.openrouterApiKey", "sk-or-SECRET-1")
        .set("gateway.secret.masterKey", "sk-master-SECRET-2").set("assistant.telegram.botToken", "123:SECRET-3")
        .set("observability.dashboard.enabled", "true"));

    List<ConfigMap> configMaps = objects.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast).toList();
    assertThat(configMaps).isNotEmpty();
    for (ConfigMap map : configMaps) {
      assertThat(String.valueOf(map.getData())).doesNotContain("SECRET-1", "SECRET-2", "SECRET-3");
    }
    assertThat(objects).filteredOn(o -> o.getKind().equals("Secret")).hasSize(2);
  }

  @Test
  void everyPartCanBeSwitchedOff() {
    List<HasMetadata> objects = render(defaults().set("gateway.enabled", "false").set("assistant.enabled", "false")
        .set("registry.enabled", "false").set("observability.serviceMonitor.enabled", "false")
        .set("observability.dashboard.enabled", "false").set("ingress.enabled", "false"));

    assertThat(objects).isEmpty();
  }

  @Test
  void theDashboardParsesAndQueriesOnlyMetricsTheGatewayExports() throws Exception {
    ConfigMap dashboard = named(render(homelab()), ConfigMap.class, "lantern-dashboard");
    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(dashboard.getMetadata().getNamespace()).isEqualTo("monitoring");
    JsonNode json = Json.MAPPER.readTree(dashboard.getData().get("lantern-gateway.json"));

    List<String> titles = json.path("panels").valueStream().map(p -> p.path("title").asString()).toList();
    assertThat(String.join(" ", titles)).contains("Requests", "Errors", "Latency p50 / p95", "Tokens", "Spend",
        "Fallbacks", "Deployment state");
    String exported = Files.readString(ROOT.resolve("gateway/src/main/java/dev/lantern/gateway/metrics/GatewayMetrics.java"));
    Matcher metric = Pattern.compile("litellm_[a-z_]+").matcher(json.toString());
    while (metric.find()) {
      String base = metric.group().replaceAll("_(total|bucket|sum|count)$", "");
      assertThat(exported).as("the gateway exports %s", base).contains("\"" + base + "\"");
    }
  }

  private static TemplateCommand defaults() {
    return new Helm(CHART).template().withName("lantern").withNamespace("lantern");
  }

  private static TemplateCommand homelab() {
    return defaults().withValuesFile(CHART.resolve("values-homelab.yaml"));
  }

  private static List<HasMetadata> render(TemplateCommand command) {
    String manifests = command.call();
    if (manifests == null) {
      return List.of();
    }
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : manifests.split("(?m)^---\\s*$")) {
      if (document.lines().anyMatch(line -> line.startsWith("kind:"))) {
        objects.add(YAML.unmarshal(document, HasMetadata.class));
      }
    }
    return objects;
  }

  private static <T extends HasMetadata> T named(List<HasMetadata> objects, Class<T> type, String name) {
    return objects.stream().filter(type::isInstance).map(type::cast)
        .filter(o -> o.getMetadata().getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name + " in the chart"));
  }
}
