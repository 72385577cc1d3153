package dev.lantern.common.http;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Renders errors that Jetty produces itself (a malformed request line, headers too large, a bug
 * that escaped a servlet) as a JSON body in the service's error shape, never as an HTML page and
 * never with a stack trace.
 */
final class JsonErrorHandler extends ErrorHandler {
  private final ErrorBodies bodies;

  JsonErrorHandler(ErrorBodies bodies) {
    this.bodies = bodies;
    setShowStacks(false);
    setShowMessageInTitle(false);
  }

  @Override
  protected boolean generateAcceptableResponse(
      Request request, Response response, Callback callback, String contentType,
      List<Charset> charsets, int code, String message, Throwable cause) {
    byte[] body = bodies.render(code, publicMessage(code));
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }

  /** Jetty's own message may quote request bytes; the reason phrase is safe and clear enough. */
  private static String publicMessage(int code) {
    if (code >= 500) {
      return "internal error: the server log has the details";
    }
    String reason = HttpStatus.getMessage(code);
    return reason == null ? "request rejected" : reason;
  }
}
