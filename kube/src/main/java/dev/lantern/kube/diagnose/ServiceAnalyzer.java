package dev.lantern.kube.diagnose;

import static dev.lantern.kube.diagnose.Finding.Severity.CRITICAL;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Services that send traffic nowhere: a selector that matches no pod (often a label typo), or
 * pods that match but none of them is ready. Services without a selector (ExternalName,
 * hand-made endpoints) are left alone.
 */
final class ServiceAnalyzer implements Analyzer {
  @Override
  public String name() {
    return "services";
  }

  @Override
  public List<Finding> analyze(Snapshot snapshot) {
    List<Finding> findings = new ArrayList<>();
    for (Service service : snapshot.services()) {
      Map<String, String> selector = service.getSpec() == null ? null : service.getSpec().getSelector();
      if (selector == null || selector.isEmpty() || "ExternalName".equals(service.getSpec().getType())) {
        continue;
      }
      List<Pod> matching = snapshot.pods().stream()
          .filter(pod -> Objects.equals(pod.getMetadata().getNamespace(), service.getMetadata().getNamespace()))
          .filter(pod -> matches(selector, pod.getMetadata().getLabels()))
          .toList();
      ObjectRef ref = ObjectRef.of(service);
      String selectorText = selector.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining(","));
      if (matching.isEmpty()) {
        findings.add(Finding.of("ServiceNoPods", CRITICAL, ref, "selector " + selectorText + " matches no pod",
            List.of("spec.selector=" + selectorText, "pods matching: 0"),
            "compare the selector with the pods' labels: kubectl -n " + ref.namespace() + " get pods --show-labels"));
      } else if (matching.stream().noneMatch(ServiceAnalyzer::ready)) {
        findings.add(Finding.of("ServiceNoReadyEndpoints", CRITICAL, ref,
            "no ready endpoints: " + matching.size() + " pod(s) match " + selectorText + " but none is ready",
            List.of("spec.selector=" + selectorText, "pods matching: " + matching.size(), "ready: 0"),
            "see why the pods are not ready (their findings), then kubectl -n " + ref.namespace()
                + " get endpoints " + ref.name()));
      }
    }
    return findings;
  }

  static boolean matches(Map<String, String> selector, Map<String, String> labels) {
    if (labels == null) {
      return false;
    }
    return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }

  static boolean ready(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return false;
    }
    for (PodCondition condition : pod.getStatus().getConditions()) {
      if ("Ready".equals(condition.getType())) {
        return "True".equals(condition.getStatus());
      }
    }
    // No Ready condition recorded (hand-made objects): fall back to the container statuses.
    var statuses = pod.getStatus().getContainerStatuses();
    return "Running".equals(pod.getStatus().getPhase()) && statuses != null && !statuses.isEmpty()
        && statuses.stream().allMatch(s -> Boolean.TRUE.equals(s.getReady()));
  }
}
