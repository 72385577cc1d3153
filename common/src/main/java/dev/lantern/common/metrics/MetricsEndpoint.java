package dev.lantern.common.metrics;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Writes a registry in the format Prometheus asks for (text or OpenMetrics, by Accept header).
 * Services decide who may read it; this class only renders.
 */
public final class MetricsEndpoint {
  private static final ExpositionFormats FORMATS = ExpositionFormats.init();

  private final PrometheusRegistry registry;

  public MetricsEndpoint(PrometheusRegistry registry) {
    this.registry = registry;
  }

  /** A registry with the usual JVM metrics (memory, GC, threads, classes) already in it. */
  public static PrometheusRegistry registryWithJvmMetrics() {
    PrometheusRegistry registry = new PrometheusRegistry();
    JvmMetrics.builder().register(registry);
    return registry;
  }

  public void write(HttpServletRequest request, HttpServletResponse response) throws IOException {
    ExpositionFormatWriter writer = FORMATS.findWriter(request.getHeader("Accept"));
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(16 * 1024);
    writer.write(buffer, registry.scrape());
    response.setStatus(200);
    response.setContentType(writer.getContentType());
    response.setContentLength(buffer.size());
    buffer.writeTo(response.getOutputStream());
  }
}
