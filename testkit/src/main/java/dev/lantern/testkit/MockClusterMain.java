package dev.lantern.testkit;

import java.nio.file.Path;

/**
 * A seeded mock cluster as a process, for benchmarks: {@code MockClusterMain PODS DIR} adds PODS
 * pods in namespace {@code bench}, writes {@code DIR/kubeconfig}, prints "ready" and serves until
 * killed.
 */
public final class MockClusterMain {
  private MockClusterMain() {}

  public static void main(String[] args) throws Exception {
    MockCluster mock = MockCluster.seeded();
    mock.addPods("bench", Integer.parseInt(args[0]));
    mock.writeKubeconfig(Path.of(args[1]));
    System.out.println("ready " + mock.url());
    Runtime.getRuntime().addShutdownHook(new Thread(mock::close));
    Thread.currentThread().join();
  }
}
