package dev.lantern.kube.diagnose;

import static dev.lantern.kube.diagnose.ClusterFixture.ago;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PodAnalyzerTest {
  private final ClusterFixture cluster = new ClusterFixture();

  @AfterEach
  void close() {
    cluster.close();
  }

  private static String pod(String name, String status) {
    return """
        apiVersion: v1
        kind: Pod
        metadata: {name: %s, namespace: shop}
        spec:
          containers:
          - name: app
            image: ghcr.io/acme/shop:1.4
            resources: {limits: {memory: 128Mi}}
            readinessProbe: {httpGet: {path: /ready, port: 8080}}
        status:
        %s
        """.formatted(name, status.indent(2));
  }

  @Test
  void aCrashLoopNamesTheLastExitCodeAndReason() {
    cluster.apply(pod("checkout", """
        phase: Running
        containerStatuses:
        - name: app
          image: ghcr.io/acme/shop:1.4
          ready: false
          restartCount: 7
          state: {waiting: {reason: CrashLoopBackOff, message: back-off 5m0s restarting failed container}}
          lastState: {terminated: {exitCode: 3, reason: Error}}
        """));

    Finding finding = cluster.all("CrashLoopBackOff").get(0);

    assertThat(finding.object()).isEqualTo(new ObjectRef("Pod", "shop", "checkout"));
    assertThat(finding.problem()).contains("last exit code 3 (Error)").contains("restarted 7 times");
    assertThat(finding.evidence()).contains("lastState.terminated.exitCode=3");
    assertThat(finding.nextStep()).contains("logs checkout -c app --previous");
  }

  @Test
  void aHealthyRunningPodHasNoFinding() {
    cluster.apply(pod("web", """
        phase: Running
        conditions: [{type: Ready, status: "True"}]
        containerStatuses:
        - {name: app, image: x, ready: true, restartCount: 0, state: {running: {startedAt: "%s"}}}
        """.formatted(ago(600))));

    assertThat(cluster.report().findings()).isEmpty();
    assertThat(cluster.report().healthy()).isTrue();
  }

  @Test
  void anOomKillNamesTheMemoryLimit() {
    cluster.apply(pod("cache", """
        phase: Running
        containerStatuses:
        - name: app
          image: x
          ready: false
          restartCount: 2
          state: {waiting: {reason: CrashLoopBackOff}}
          lastState: {terminated: {exitCode: 137, reason: OOMKilled}}
        """));

    Finding finding = cluster.all("OOMKilled").get(0);

    assertThat(finding.problem()).contains("limit 128Mi");
    assertThat(cluster.all("CrashLoopBackOff")).as("the OOM kill is the cause, not a second finding").isEmpty();
  }

  @Test
  void anImagePullErrorNamesTheImage() {
    cluster.apply(pod("api", """
        phase: Pending
        containerStatuses:
        - name: app
          image: ghcr.io/acme/shop:nope
          ready: false
          restartCount: 0
          state: {waiting: {reason: ErrImagePull, message: "manifest unknown"}}
        """));

    Finding finding = cluster.all("ImagePullBackOff").get(0);

    assertThat(finding.problem()).contains("ghcr.io/acme/shop:nope").contains("ErrImagePull");
    assertThat(finding.evidence()).contains("message: manifest unknown");
  }

  @Test
  void aMissingSecretKeyIsNamedButNoSecretValueIsRead() {
    cluster.apply("""
        apiVersion: v1
        kind: Secret
        metadata: {name: db, namespace: shop}
        stringData: {password: hunter2-SECRET-VALUE}
        """);
    cluster.apply(pod("orders", """
        phase: Pending
        containerStatuses:
        - name: app
          image: x
          ready: false
          restartCount: 0
          state: {waiting: {reason: CreateContainerConfigError, message: "couldn't find key pass in Secret shop/db"}}
        """));

    Finding finding = cluster.all("CreateContainerConfigError").get(0);

    assertThat(finding.problem()).contains("couldn't find key pass in Secret shop/db");
    assertThat(ReportText.render(cluster.report())).doesNotContain("hunter2-SECRET-VALUE");
    assertThat(cluster.mock.requests()).noneMatch(request -> request.getMethod().equals("GET")
        && request.getPath().contains("secrets"));
  }

  @Test
  void aFailingReadinessProbeIsReportedFromItsEvents() {
    cluster.apply(pod("search", """
        phase: Running
        conditions: [{type: Ready, status: "False"}]
        containerStatuses:
        - {name: app, image: x, ready: false, restartCount: 0, state: {running: {startedAt: "%s"}}}
        """.formatted(ago(900))));
    cluster.apply("""
        apiVersion: v1
        kind: Event
        metadata: {name: search.1, namespace: shop}
        involvedObject: {kind: Pod, namespace: shop, name: search}
        type: Warning
        reason: Unhealthy
        message: "Readiness probe failed: HTTP probe failed with statuscode: 503"
        count: 40
        lastTimestamp: "%s"
        """.formatted(ago(30)));

    Finding finding = cluster.all("ProbeFailing").get(0);

    assertThat(finding.problem()).contains("readiness probe failing");
    assertThat(finding.evidence()).anyMatch(line -> line.contains("×40") && line.contains("statuscode: 503"));
    assertThat(cluster.all("WarningEvents")).as("the events joined the probe finding").isEmpty();
  }

  @Test
  void aPendingPodGivesTheSchedulersReason() {
    cluster.apply(pod("big", """
        phase: Pending
        conditions:
        - type: PodScheduled
          status: "False"
          reason: Unschedulable
          message: "0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available."
        """));
    cluster.apply(pod("tainted", """
        phase: Pending
        conditions:
        - {type: PodScheduled, status: "False", reason: Unschedulable, message: "0/1 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}."}
        """));
    cluster.apply(pod("picky", """
        phase: Pending
        conditions:
        - {type: PodScheduled, status: "False", reason: Unschedulable, message: "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector."}
        """));
    cluster.apply(pod("claimless", """
        phase: Pending
        conditions:
        - {type: PodScheduled, status: "False", reason: Unschedulable, message: "0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims."}
        """));

    assertThat(cluster.all("Unschedulable")).extracting(f -> f.object().name() + ": " + f.problem())
        .containsExactlyInAnyOrder(
            "big: pod cannot be scheduled: insufficient memory",
            "tainted: pod cannot be scheduled: untolerated node taints",
            "picky: pod cannot be scheduled: no node matches its node selector or affinity",
            "claimless: pod cannot be scheduled: its PersistentVolumeClaim is not bound");
  }

  @Test
  void anEvictedPodIsAWarning() {
    cluster.apply(pod("evicted", """
        phase: Failed
        reason: Evicted
        message: "The node was low on resource: memory."
        """));

    Finding finding = cluster.all("Evicted").get(0);

    assertThat(finding.severity()).isEqualTo(Finding.Severity.WARNING);
    assertThat(finding.problem()).contains("low on resource: memory");
  }

  @Test
  void aSucceededPodIsNotAProblem() {
    cluster.apply(pod("migration", "phase: Succeeded\n"));

    assertThat(cluster.report().findings()).isEmpty();
  }
}
