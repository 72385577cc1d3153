package dev.lantern.common.http;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The files of a page a Lantern service serves from its jar: HTML, its script and the shared
 * markdown renderer, no build step. They are read once when the service starts, so a file left out
 * of a jar fails its tests, not a user's browser. Every one goes out with a policy that runs only
 * our own scripts: pages set model and cluster text as text, and the policy is the second wall if
 * one ever did not.
 */
public final class WebAssets {
  /**
   * What the chat pages share, at the same paths on every service: the safe markdown renderer
   * ({@code window.LanternMarkdown}), the event-stream reader ({@code window.LanternStream}) and
   * the transcript's styles.
   */
  private static final Map<String, String> CHAT_KIT = Map.of("/lantern-ui/markdown.js", "/lantern-ui/markdown.js",
      "/lantern-ui/stream.js", "/lantern-ui/stream.js", "/lantern-ui/chat.css", "/lantern-ui/chat.css");
  private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
      + "connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

  private record Asset(byte[] body, String contentType) {}

  private final Map<String, Asset> byPath = new HashMap<>();

  private WebAssets() {}

  /**
   * @param pathToResource each request path (as the servlet sees it) and the classpath resource
   *     that answers it
   */
  public static WebAssets of(Map<String, String> pathToResource) {
    WebAssets assets = new WebAssets();
    pathToResource.forEach((path, resource) -> assets.byPath.put(path, new Asset(load(resource), type(resource))));
    return assets;
  }

  /** A chat page's own files and the chat kit under {@code /lantern-ui/}. */
  public static WebAssets chatPage(Map<String, String> pathToResource) {
    WebAssets assets = of(pathToResource);
    CHAT_KIT.forEach((path, resource) -> assets.byPath.put(path, new Asset(load(resource), type(resource))));
    return assets;
  }

  /** Writes the file for {@code path}; false (and nothing written) when it is not one of these. */
  public boolean serve(String path, HttpServletResponse response) throws IOException {
    Asset asset = byPath.get(path);
    if (asset == null) {
      return false;
    }
    response.setStatus(200);
    response.setContentType(asset.contentType());
    response.setHeader("Content-Security-Policy", POLICY);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setHeader("Cache-Control", "no-cache");
    response.setContentLength(asset.body().length);
    response.getOutputStream().write(asset.body());
    return true;
  }

  private static String type(String resource) {
    if (resource.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    }
    if (resource.endsWith(".css")) {
      return "text/css; charset=utf-8";
    }
    return "text/html; charset=utf-8";
  }

  private static byte[] load(String resource) {
    try (InputStream in = WebAssets.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from this build's jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
