package dev.lantern.testkit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A cluster with known problems planted among healthy pods, as a process, for bench/sre.sh:
 * {@code PlantedClusterMain PODS DIR CASE_DIR...} starts an empty mock cluster, adds PODS healthy
 * pods in namespace {@code bench}, applies each case folder's {@code cluster.yaml} (the eval cases),
 * writes {@code DIR/kubeconfig}, prints "ready" and serves until killed.
 */
public final class PlantedClusterMain {
  private PlantedClusterMain() {}

  public static void main(String[] args) throws Exception {
    MockCluster mock = MockCluster.start();
    mock.addPods("bench", Integer.parseInt(args[0]));
    for (int i = 2; i < args.length; i++) {
      try (InputStream in = Files.newInputStream(Path.of(args[i], "cluster.yaml"))) {
        for (HasMetadata item : mock.admin().load(in).items()) {
          // Cases share their Nodes: the same object twice is an update, not a conflict.
          mock.admin().resource(item).createOr(NonDeletingOperation::update);
        }
      }
    }
    mock.writeKubeconfig(Path.of(args[1]));
    System.out.println("ready " + mock.url());
    Runtime.getRuntime().addShutdownHook(new Thread(mock::close));
    Thread.currentThread().join();
  }
}
