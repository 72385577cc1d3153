package dev.lantern.kube.cluster;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.Locale;
import java.util.Set;

/**
 * The last line of defence for "read-only": every request the Kubernetes client is about to send
 * goes through here, and anything but a read is refused before it leaves the process. Tools are
 * written to only read; this makes a bug in one of them harmless.
 */
final class ReadOnlyInterceptor implements Interceptor {
  static final String NAME = "lantern-read-only";
  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    String method = request.method().toUpperCase(Locale.ROOT);
    if (!READS.contains(method)) {
      throw new ReadOnlyViolation(method + " " + request.uri().getPath());
    }
  }
}
