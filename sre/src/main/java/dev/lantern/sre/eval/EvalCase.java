package dev.lantern.sre.eval;

import dev.lantern.common.config.ConfigException;
import dev.lantern.common.config.ConfigNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One eval case, a folder:
 *
 * <pre>
 * case.yaml      question, and what a good answer contains:
 *                expect: {kinds: [CrashLoopBackOff], objects: ["Deployment shop/checkout"], facts: ["exit code 1"]}
 *                (expect: {healthy: true} for a cluster with nothing wrong)
 * cluster.yaml   the objects, as kubectl get -o yaml writes them (several documents)
 * logs/NS_POD.log          optional: the pod's log; NS_POD.previous.log the crashed container's
 * </pre>
 */
public record EvalCase(String name, String question, List<HasMetadata> objects, Map<String, String> logs,
    List<String> kinds, List<String> expectedObjects, List<String> facts, boolean healthy) {

  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  /** Every case folder under {@code directory}, by name. */
  public static List<EvalCase> loadAll(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException("no eval cases at " + directory + ": pass --cases DIR (examples/sre-eval)");
    }
    try (Stream<Path> folders = Files.list(directory)) {
      List<EvalCase> cases = new ArrayList<>();
      for (Path folder : folders.filter(f -> Files.isRegularFile(f.resolve("case.yaml"))).sorted().toList()) {
        cases.add(load(folder));
      }
      if (cases.isEmpty()) {
        throw new IllegalArgumentException("no eval cases at " + directory + " (a case is a folder with case.yaml)");
      }
      return cases;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + directory + ": " + e.getMessage());
    }
  }

  public static EvalCase load(Path folder) {
    ConfigNode spec = ConfigNode.load(folder.resolve("case.yaml"));
    ConfigNode expect = spec.get("expect");
    List<HasMetadata> objects = new ArrayList<>();
    Path cluster = folder.resolve("cluster.yaml");
    if (Files.isRegularFile(cluster)) {
      try {
        for (String document : Files.readString(cluster).split("(?m)^---\\s*$")) {
          if (document.isBlank()) {
            continue;
          }
          Object parsed = YAML.unmarshal(document);
          if (!(parsed instanceof HasMetadata object)) {
            throw new ConfigException(cluster.toString(), "", "a document is not a Kubernetes object");
          }
          objects.add(object);
        }
      } catch (IOException | RuntimeException e) {
        if (e instanceof ConfigException config) {
          throw config;
        }
        throw new ConfigException(cluster.toString(), "", "cannot be read as Kubernetes objects: " + e.getMessage());
      }
    }
    Map<String, String> logs = new LinkedHashMap<>();
    Path logDir = folder.resolve("logs");
    if (Files.isDirectory(logDir)) {
      try (Stream<Path> files = Files.list(logDir)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
          logs.put(file.getFileName().toString().replaceAll("\\.log$", ""), Files.readString(file));
        }
      } catch (IOException e) {
        throw new ConfigException(logDir.toString(), "", "cannot be read: " + e.getMessage());
      }
    }
    return new EvalCase(folder.getFileName().toString(), spec.requiredString("question"), List.copyOf(objects),
        Map.copyOf(logs), expect.strings("kinds"), expect.strings("objects"), expect.strings("facts"),
        expect.bool("healthy").orElse(false));
  }
}
