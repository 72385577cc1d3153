package dev.lantern.kube.diagnose;

import java.util.List;

/**
 * Finds one family of known problems in a snapshot of the cluster, with no model: k8sgpt's idea.
 * An analyzer reads only the snapshot, so it is fast, repeatable and testable on a mock cluster.
 * Register a new one in {@link Analyzers#ALL}.
 */
public interface Analyzer {
  /** A short name, shown in metrics and in {@code --filter}. */
  String name();

  List<Finding> analyze(Snapshot snapshot);
}
