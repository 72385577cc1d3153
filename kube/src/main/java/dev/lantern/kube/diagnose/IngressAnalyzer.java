package dev.lantern.kube.diagnose;

import static dev.lantern.kube.diagnose.Finding.Severity.CRITICAL;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Ingresses whose backends point at a Service that does not exist, or at a port it does not have. */
final class IngressAnalyzer implements Analyzer {
  @Override
  public String name() {
    return "ingresses";
  }

  @Override
  public List<Finding> analyze(Snapshot snapshot) {
    List<Finding> findings = new ArrayList<>();
    for (Ingress ingress : snapshot.ingresses()) {
      if (ingress.getSpec() == null) {
        continue;
      }
      List<String> problems = new ArrayList<>();
      List<IngressBackend> backends = new ArrayList<>();
      Optional.ofNullable(ingress.getSpec().getDefaultBackend()).ifPresent(backends::add);
      for (IngressRule rule : Optional.ofNullable(ingress.getSpec().getRules()).orElse(List.of())) {
        if (rule.getHttp() != null && rule.getHttp().getPaths() != null) {
          rule.getHttp().getPaths().stream().map(HTTPIngressPath::getBackend).filter(Objects::nonNull).forEach(backends::add);
        }
      }
      for (IngressBackend backend : backends) {
        IngressServiceBackend target = backend.getService();
        if (target == null) {
          continue;
        }
        Optional<Service> service = snapshot.services().stream()
            .filter(s -> target.getName().equals(s.getMetadata().getName())
                && Objects.equals(s.getMetadata().getNamespace(), ingress.getMetadata().getNamespace()))
            .findFirst();
        String port = target.getPort() == null ? null
            : target.getPort().getName() != null ? target.getPort().getName() : String.valueOf(target.getPort().getNumber());
        if (service.isEmpty()) {
          problems.add("backend service " + target.getName() + " does not exist");
        } else if (port != null && !hasPort(service.get(), target)) {
          problems.add("backend service " + target.getName() + " has no port " + port);
        }
      }
      if (!problems.isEmpty()) {
        ObjectRef ref = ObjectRef.of(ingress);
        findings.add(Finding.of("IngressBackendMissing", CRITICAL, ref, String.join("; ", problems.stream().distinct().toList()),
            problems.stream().distinct().map(p -> "spec: " + p).toList(),
            "fix the backend's service name or port, or create the Service (kubectl -n " + ref.namespace()
                + " get svc)"));
      }
    }
    return findings;
  }

  private static boolean hasPort(Service service, IngressServiceBackend target) {
    List<ServicePort> ports = service.getSpec() == null ? List.of() : Optional.ofNullable(service.getSpec().getPorts())
        .orElse(List.of());
    return ports.stream().anyMatch(p -> target.getPort().getName() != null
        ? target.getPort().getName().equals(p.getName())
        : Objects.equals(target.getPort().getNumber(), p.getPort()));
  }
}
