package dev.lantern.kube.diagnose;

import dev.lantern.testkit.MockCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** A mock cluster filled from YAML, as a user would write the objects, and the analyzers run on it. */
final class ClusterFixture implements AutoCloseable {
  /** Timestamps in fixtures are written relative to this instant with {@link #ago}. */
  static final Instant NOW = Instant.now();

  final MockCluster mock = MockCluster.start();

  ClusterFixture apply(String yaml) {
    List<HasMetadata> items = mock.admin().load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
    items.forEach(item -> mock.admin().resource(item).create());
    return this;
  }

  Report report() {
    return Analyzers.run(Snapshot.read(mock.admin(), null, NOW));
  }

  Report report(String namespace) {
    return Analyzers.run(Snapshot.read(mock.admin(), namespace, NOW));
  }

  /** Every finding, with the folded ones, of one kind. */
  List<Finding> all(String kind) {
    return Report.all(report().findings()).filter(f -> f.kind().equals(kind)).toList();
  }

  static String ago(int seconds) {
    return NOW.minusSeconds(seconds).toString();
  }

  @Override
  public void close() {
    mock.close();
  }
}
