package dev.lantern.gateway.http;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The admin page at {@code /ui}: plain HTML and one script from the jar, no build step. The page
 * itself is public; everything it shows comes from the management API with the master key the
 * operator types in, which the page keeps in the tab's session storage only.
 */
final class AdminPage {
  private static final byte[] PAGE = load("/gateway-ui/index.html");
  private static final byte[] SCRIPT = load("/gateway-ui/app.js");

  private AdminPage() {}

  static void serve(String path, HttpServletResponse response) throws IOException {
    boolean script = path.endsWith(".js");
    byte[] body = script ? SCRIPT : PAGE;
    response.setStatus(200);
    response.setContentType(script ? "text/javascript; charset=utf-8" : "text/html; charset=utf-8");
    // Only our own script runs; data from the API is set as text, never as markup.
    response.setHeader("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; "
        + "connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setHeader("Cache-Control", "no-cache");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  private static byte[] load(String resource) {
    try (InputStream in = AdminPage.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the gateway jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
