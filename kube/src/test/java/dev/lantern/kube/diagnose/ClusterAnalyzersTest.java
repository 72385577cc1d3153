package dev.lantern.kube.diagnose;

import static dev.lantern.kube.diagnose.ClusterFixture.ago;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.common.json.Json;
import dev.lantern.kube.cluster.DeniedResources;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Services, Ingresses, claims, Jobs, Nodes, autoscalers and events, and what the report says it could not read. */
class ClusterAnalyzersTest {
  private final ClusterFixture cluster = new ClusterFixture();

  @AfterEach
  void close() {
    cluster.close();
  }

  private static final String READY_POD = """
      apiVersion: v1
      kind: Pod
      metadata: {name: web-1, namespace: shop, labels: {app: web}}
      spec: {containers: [{name: app, image: x}]}
      status:
        phase: Running
        conditions: [{type: Ready, status: "True"}]
        containerStatuses: [{name: app, image: x, ready: true, restartCount: 0, state: {running: {}}}]
      """;

  private static String service(String name, String selector) {
    return """
        apiVersion: v1
        kind: Service
        metadata: {name: %s, namespace: shop}
        spec:
          selector: {%s}
          ports: [{name: http, port: 80, targetPort: 8080}]
        """.formatted(name, selector);
  }

  @Test
  void aServiceWhoseSelectorMatchesNoPodIsCritical() {
    cluster.apply(READY_POD).apply(service("web", "app: web")).apply(service("web-typo", "app: wbe"));

    assertThat(cluster.report().findings()).singleElement().satisfies(f -> {
      assertThat(f.kind()).isEqualTo("ServiceNoPods");
      assertThat(f.object().name()).isEqualTo("web-typo");
      assertThat(f.problem()).isEqualTo("selector app=wbe matches no pod");
    });
  }

  @Test
  void aServiceWhosePodsAreAllUnreadyHasNoEndpoints() {
    cluster.apply(READY_POD.replace("status: \"True\"", "status: \"False\"").replace("ready: true", "ready: false"))
        .apply(service("web", "app: web"));

    assertThat(cluster.all("ServiceNoReadyEndpoints")).singleElement()
        .satisfies(f -> assertThat(f.problem()).contains("1 pod(s) match app=web but none is ready"));
  }

  @Test
  void anIngressToAMissingServiceOrPortIsReported() {
    cluster.apply(READY_POD).apply(service("web", "app: web")).apply("""
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: shop, namespace: shop}
        spec:
          rules:
          - host: shop.cluster.home
            http:
              paths:
              - {path: /, pathType: Prefix, backend: {service: {name: web, port: {name: http}}}}
              - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}
              - {path: /admin, pathType: Prefix, backend: {service: {name: web, port: {number: 9090}}}}
        """);

    assertThat(cluster.all("IngressBackendMissing")).singleElement().satisfies(f -> assertThat(f.problem())
        .isEqualTo("backend service api does not exist; backend service web has no port 9090"));
  }

  @Test
  void aPendingClaimIsReportedUnlessItOnlyWaitsForItsFirstConsumer() {
    cluster.apply("""
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: data, namespace: shop}
        spec: {storageClassName: fast-ssd, accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
        status: {phase: Pending}
        ---
        apiVersion: v1
        kind: Event
        metadata: {name: data.1, namespace: shop}
        involvedObject: {kind: PersistentVolumeClaim, namespace: shop, name: data}
        type: Warning
        reason: ProvisioningFailed
        message: 'storageclass.storage.k8s.io "fast-ssd" not found'
        lastTimestamp: "%s"
        ---
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: later, namespace: shop}
        spec: {storageClassName: local-path, accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
        status: {phase: Pending}
        ---
        apiVersion: v1
        kind: Event
        metadata: {name: later.1, namespace: shop}
        involvedObject: {kind: PersistentVolumeClaim, namespace: shop, name: later}
        type: Normal
        reason: WaitForFirstConsumer
        message: waiting for first consumer to be created before binding
        lastTimestamp: "%s"
        """.formatted(ago(60), ago(60)));

    assertThat(cluster.all("PvcPending")).singleElement().satisfies(f -> {
      assertThat(f.object().name()).isEqualTo("data");
      assertThat(f.problem()).contains("\"fast-ssd\" not found");
      assertThat(f.nextStep()).contains("storage class fast-ssd");
    });
  }

  @Test
  void aJobOverItsBackoffLimitFoldsUnderItsFailingCronJob() {
    cluster.apply("""
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: backup, namespace: ops}
        spec: {schedule: "0 3 * * *", jobTemplate: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: b, image: x}]}}}}}
        """);
    for (int day = 1; day <= 2; day++) {
      cluster.apply("""
          apiVersion: batch/v1
          kind: Job
          metadata:
            name: backup-%d
            namespace: ops
            ownerReferences: [{apiVersion: batch/v1, kind: CronJob, name: backup, controller: true}]
          spec: {backoffLimit: 2, template: {spec: {restartPolicy: Never, containers: [{name: b, image: x}]}}}
          status:
            startTime: "%s"
            failed: 3
            conditions: [{type: Failed, status: "True", reason: BackoffLimitExceeded, message: Job has reached the specified backoff limit}]
          """.formatted(day, ago(86400 * (3 - day))));
    }
    cluster.apply("""
        apiVersion: batch/v1
        kind: Job
        metadata: {name: once, namespace: ops}
        spec: {template: {spec: {restartPolicy: Never, containers: [{name: b, image: x}]}}}
        status: {succeeded: 1, conditions: [{type: Complete, status: "True"}]}
        """);

    Report report = cluster.report();

    assertThat(report.findings()).singleElement().satisfies(top -> {
      assertThat(top.kind()).isEqualTo("CronJobFailing");
      assertThat(top.severity()).isEqualTo(Finding.Severity.CRITICAL);
      assertThat(top.problem()).isEqualTo("the last 2 runs failed (schedule 0 3 * * *)");
      assertThat(top.evidence()).contains("last job backup-2 failed");
      assertThat(top.causes()).singleElement().satisfies(cause -> {
        assertThat(cause.kind()).isEqualTo("JobFailed");
        assertThat(cause.problem()).contains("BackoffLimitExceeded").contains("backoffLimit 2");
        assertThat(cause.alike()).hasSize(1);
      });
    });
  }

  @Test
  void nodesNotReadyOrUnderPressureAreReported() {
    cluster.apply("""
        apiVersion: v1
        kind: Node
        metadata: {name: pi-1}
        status:
          conditions:
          - {type: Ready, status: "Unknown", reason: NodeStatusUnknown, message: Kubelet stopped posting node status.}
        ---
        apiVersion: v1
        kind: Node
        metadata: {name: pi-2}
        status:
          conditions:
          - {type: Ready, status: "True"}
          - {type: DiskPressure, status: "True", reason: KubeletHasDiskPressure}
          - {type: MemoryPressure, status: "False"}
        ---
        apiVersion: v1
        kind: Node
        metadata: {name: pi-3}
        status:
          conditions: [{type: Ready, status: "True"}, {type: PIDPressure, status: "False"}]
        """);

    assertThat(cluster.report().findings()).extracting(f -> f.kind() + " " + f.object())
        .containsExactly("NodeNotReady Node pi-1", "NodeDiskPressure Node pi-2");
    assertThat(cluster.report("shop").findings()).as("nodes are read for any namespace").hasSize(2);
  }

  @Test
  void autoscalersThatCannotReadMetricsOrArePinnedAtMaxAreReported() {
    cluster.apply("""
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: {name: blind, namespace: shop}
        spec: {maxReplicas: 5, scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}}
        status:
          currentReplicas: 1
          desiredReplicas: 1
          conditions:
          - {type: ScalingActive, status: "False", reason: FailedGetResourceMetric, message: "failed to get cpu utilization: unable to get metrics for resource cpu"}
        ---
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: {name: pinned, namespace: shop}
        spec: {maxReplicas: 4, scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}}
        status:
          currentReplicas: 4
          desiredReplicas: 4
          conditions:
          - {type: ScalingActive, status: "True", reason: ValidMetricFound}
          - {type: ScalingLimited, status: "True", reason: TooManyReplicas}
        ---
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: {name: fine, namespace: shop}
        spec: {maxReplicas: 4, scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ok}}
        status: {currentReplicas: 2, desiredReplicas: 2, conditions: [{type: ScalingActive, status: "True"}]}
        """);

    assertThat(cluster.report().findings()).extracting(f -> f.kind() + " " + f.object().name())
        .containsExactlyInAnyOrder("HpaMetricsUnavailable blind", "HpaAtMaxReplicas pinned");
  }

  @Test
  void warningEventsAreGroupedByObjectAndOldOnesIgnored() {
    cluster.apply("""
        apiVersion: v1
        kind: Event
        metadata: {name: cm.1, namespace: shop}
        involvedObject: {kind: ConfigMap, namespace: shop, name: settings}
        type: Warning
        reason: FailedSync
        message: first
        count: 2
        lastTimestamp: "%s"
        ---
        apiVersion: v1
        kind: Event
        metadata: {name: cm.2, namespace: shop}
        involvedObject: {kind: ConfigMap, namespace: shop, name: settings}
        type: Warning
        reason: FailedSync
        message: second
        lastTimestamp: "%s"
        ---
        apiVersion: v1
        kind: Event
        metadata: {name: old.1, namespace: shop}
        involvedObject: {kind: ConfigMap, namespace: shop, name: old}
        type: Warning
        reason: FailedSync
        message: yesterday
        lastTimestamp: "%s"
        ---
        apiVersion: v1
        kind: Event
        metadata: {name: normal.1, namespace: shop}
        involvedObject: {kind: ConfigMap, namespace: shop, name: normal}
        type: Normal
        reason: Synced
        message: fine
        lastTimestamp: "%s"
        """.formatted(ago(120), ago(30), ago(86400), ago(10)));

    assertThat(cluster.report().findings()).singleElement().satisfies(f -> {
      assertThat(f.kind()).isEqualTo("WarningEvents");
      assertThat(f.problem()).isEqualTo("3 recent warning events");
      assertThat(f.evidence()).containsExactly("event FailedSync: second", "event FailedSync ×2: first");
    });
  }

  @Test
  void deniedKindsAreNotReadAndTheReportSaysWhatItCouldNotCheck() {
    cluster.apply(READY_POD).apply(service("web-typo", "app: wbe"));
    DeniedResources denied = DeniedResources.parse(List.of("v1/Secret", "v1/Service"));

    Report report = Analyzers.run(Snapshot.read(cluster.mock.admin(), null, ClusterFixture.NOW, denied::allows));

    assertThat(report.findings()).isEmpty();
    assertThat(report.unreadable()).containsEntry("services", "denied by --denied-resources");
    assertThat(ReportText.render(report)).contains("Not checked: services (denied by --denied-resources)");
    assertThat(cluster.mock.requests()).noneMatch(request -> request.getMethod().equals("GET")
        && request.getPath().contains("/services"));
  }

  @Test
  void theJsonFormNamesEveryFieldOfAFinding() throws Exception {
    cluster.apply(service("web-typo", "app: wbe"));

    var json = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(ReportText.structured(cluster.report())));

    var finding = json.get("findings").get(0);
    assertThat(finding.get("kind").asText()).isEqualTo("ServiceNoPods");
    assertThat(finding.get("severity").asText()).isEqualTo("CRITICAL");
    assertThat(finding.get("object").get("name").asText()).isEqualTo("web-typo");
    assertThat(finding.get("evidence").size()).isEqualTo(2);
    assertThat(finding.get("nextStep").asText()).contains("--show-labels");
    assertThat(json.get("summary").asText()).startsWith("1 problem (1 critical) in all namespaces");
  }
}
