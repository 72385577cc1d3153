package dev.lantern.kube.cluster;

/** A tool tried to change the cluster and the read-only interceptor refused. A bug if it happens. */
public final class ReadOnlyViolation extends IllegalStateException {
  ReadOnlyViolation(String request) {
    super("refused to send " + request + ": this server is read-only");
  }
}
