package dev.lantern.kube.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Deployments, StatefulSets, DaemonSets and ReplicaSets, and how their pods fold under them. */
class WorkloadAnalyzersTest {
  private final ClusterFixture cluster = new ClusterFixture();

  @AfterEach
  void close() {
    cluster.close();
  }

  private static String deployment(String name, int replicas, int available) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: %1$s, namespace: shop}
        spec:
          replicas: %2$d
          selector: {matchLabels: {app: %1$s}}
          template:
            metadata: {labels: {app: %1$s}}
            spec: {containers: [{name: app, image: x}]}
        status: {replicas: %2$d, availableReplicas: %3$d}
        ---
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: %1$s-7d9f
          namespace: shop
          ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: %1$s, controller: true}]
        spec:
          selector: {matchLabels: {app: %1$s}}
        """.formatted(name, replicas, available);
  }

  private static String crashingPod(String deployment, int index) {
    return """
        apiVersion: v1
        kind: Pod
        metadata:
          name: %1$s-7d9f-%2$d
          namespace: shop
          labels: {app: %1$s}
          ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: %1$s-7d9f, controller: true}]
        spec: {containers: [{name: app, image: x}]}
        status:
          phase: Running
          containerStatuses:
          - name: app
            image: x
            ready: false
            restartCount: 9
            state: {waiting: {reason: CrashLoopBackOff}}
            lastState: {terminated: {exitCode: 1, reason: Error}}
        """.formatted(deployment, index);
  }

  @Test
  void aFailingDeploymentsPodsFoldUnderItInsteadOfBeingListedEachTime() {
    cluster.apply(deployment("checkout", 40, 0));
    for (int i = 0; i < 40; i++) {
      cluster.apply(crashingPod("checkout", i));
    }

    Report report = cluster.report();

    assertThat(report.findings()).hasSize(1);
    Finding top = report.findings().get(0);
    assertThat(top.kind()).isEqualTo("WorkloadUnavailable");
    assertThat(top.object()).isEqualTo(new ObjectRef("Deployment", "shop", "checkout"));
    assertThat(top.problem()).isEqualTo("0 of 40 replicas available");
    assertThat(top.severity()).isEqualTo(Finding.Severity.CRITICAL);
    assertThat(top.causes()).singleElement().satisfies(cause -> {
      assertThat(cause.kind()).isEqualTo("CrashLoopBackOff");
      assertThat(cause.alike()).hasSize(39);
    });
    assertThat(top.weight()).isEqualTo(41);
    assertThat(report.kindCounts()).containsEntry("CrashLoopBackOff", 40).containsEntry("WorkloadUnavailable", 1);
    String text = ReportText.render(report);
    assertThat(text).contains("and 36 more").contains("1 problem (1 critical)");
    assertThat(text.lines().count()).isLessThan(12);
  }

  @Test
  void podsFoldEvenWhenTheirOwnersUidChanged() {
    // Restored from a backup: the ownerReferences name uids the API server has since replaced.
    cluster.apply(deployment("restored", 2, 0).replace("controller: true}", "uid: old-uid, controller: true}"));
    cluster.apply(crashingPod("restored", 0).replace("controller: true}", "uid: old-rs-uid, controller: true}"));

    assertThat(cluster.report().findings()).singleElement()
        .satisfies(top -> assertThat(top.causes()).extracting(Finding::kind).containsExactly("CrashLoopBackOff"));
  }

  @Test
  void podsOfAHealthyDeploymentStillFoldTogetherUnderItsName() {
    cluster.apply(deployment("search", 3, 3));
    cluster.apply(crashingPod("search", 1));
    cluster.apply(crashingPod("search", 2));

    Report report = cluster.report();

    assertThat(report.findings()).singleElement().satisfies(f -> {
      assertThat(f.kind()).isEqualTo("CrashLoopBackOff");
      assertThat(f.alike()).extracting(ObjectRef::name).containsExactly("search-7d9f-2");
    });
  }

  @Test
  void aDeploymentWithAllReplicasAvailableHasNoFinding() {
    cluster.apply(deployment("web", 2, 2));

    assertThat(cluster.report().findings()).isEmpty();
  }

  @Test
  void aStuckRolloutIsReportedEvenWithReplicasAvailable() {
    cluster.apply("""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api, namespace: shop}
        spec: {replicas: 2, selector: {matchLabels: {app: api}}, template: {metadata: {labels: {app: api}}, spec: {containers: [{name: app, image: x}]}}}
        status:
          availableReplicas: 2
          conditions: [{type: Progressing, status: "False", reason: ProgressDeadlineExceeded}]
        """);

    Finding finding = cluster.all("WorkloadUnavailable").get(0);

    assertThat(finding.problem()).contains("rollout is stuck (ProgressDeadlineExceeded)");
    assertThat(finding.severity()).isEqualTo(Finding.Severity.WARNING);
  }

  @Test
  void statefulSetsAndDaemonSetsShortOfReadyReplicasAreReported() {
    cluster.apply("""
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: postgres, namespace: shop}
        spec: {replicas: 2, serviceName: postgres, selector: {matchLabels: {app: pg}}, template: {metadata: {labels: {app: pg}}, spec: {containers: [{name: pg, image: x}]}}}
        status: {replicas: 2, readyReplicas: 1}
        ---
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: node-exporter, namespace: monitoring}
        spec: {selector: {matchLabels: {app: ne}}, template: {metadata: {labels: {app: ne}}, spec: {containers: [{name: ne, image: x}]}}}
        status: {desiredNumberScheduled: 3, numberReady: 0, currentNumberScheduled: 3, numberMisscheduled: 0}
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: redis, namespace: shop}
        spec: {replicas: 1, serviceName: redis, selector: {matchLabels: {app: r}}, template: {metadata: {labels: {app: r}}, spec: {containers: [{name: r, image: x}]}}}
        status: {replicas: 1, readyReplicas: 1}
        """);

    assertThat(cluster.all("WorkloadUnavailable")).extracting(f -> f.object() + " " + f.severity() + " " + f.problem())
        .containsExactlyInAnyOrder(
            "StatefulSet shop/postgres WARNING 1 of 2 replicas available",
            "DaemonSet monitoring/node-exporter CRITICAL 0 of 3 replicas available");
  }

  @Test
  void aReplicaSetThatCannotCreatePodsNamesTheQuotaAndFoldsUnderItsDeployment() {
    cluster.apply(deployment("batch", 2, 0));
    cluster.mock.admin().apps().replicaSets().inNamespace("shop").withName("batch-7d9f").edit(rs -> {
      rs.setStatus(new io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder().withReplicas(0)
          .addNewCondition().withType("ReplicaFailure").withStatus("True").withReason("FailedCreate")
          .withMessage("pods \"batch-7d9f-x\" is forbidden: exceeded quota: compute, requested: cpu=2, used: cpu=3, limited: cpu=4")
          .endCondition().build());
      return rs;
    });

    Finding top = cluster.report().findings().get(0);

    assertThat(top.object().name()).isEqualTo("batch");
    assertThat(top.causes()).singleElement().satisfies(cause -> {
      assertThat(cause.kind()).isEqualTo("ReplicaSetCreateFailed");
      assertThat(cause.problem()).isEqualTo("cannot create pods: a ResourceQuota is exceeded");
      assertThat(cause.evidence()).anyMatch(line -> line.contains("exceeded quota: compute"));
    });
  }
}
