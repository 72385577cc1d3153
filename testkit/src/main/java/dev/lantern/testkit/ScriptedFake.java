package dev.lantern.testkit;

import dev.lantern.common.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.JsonNode;

/**
 * What every scripted fake of a model API shares: a loopback server whose first path segment
 * names the deployment, and the per-deployment {@link Scripts}. A subclass tells each reply in its
 * provider's wire format.
 *
 * @param <F> the fake itself, so that scripting calls chain
 */
abstract class ScriptedFake<F extends ScriptedFake<F>> implements FakeUpstream {
  final FakeServer server;
  final Scripts scripts = new Scripts();

  ScriptedFake(String name) {
    try {
      server = FakeServer.start(name, 0, this::handle);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the " + name + " server", e);
    }
  }

  /** Answers one request in the provider's wire format. */
  abstract void handle(Request request, Response response, Callback callback) throws Exception;

  /**
   * Answers a reply that fails the same way in every wire format but for its error body (a status,
   * a 200 with an error body, raw bytes, a reset connection); false for any other reply.
   */
  static boolean answeredFailure(Request request, Response response, Callback callback, Reply reply,
      JsonNode errorBody) {
    switch (reply.kind()) {
      case STATUS -> {
        if (reply.retryAfterSeconds() != null) {
          response.getHeaders().put(HttpHeader.RETRY_AFTER, reply.retryAfterSeconds().toString());
        }
        json(response, callback, reply.status(), errorBody);
      }
      case OK_WITH_ERROR_BODY -> json(response, callback, 200, errorBody);
      case RAW -> {
        response.setStatus(reply.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(reply.message().getBytes(StandardCharsets.UTF_8)), callback);
      }
      case RESET -> {
        request.getConnectionMetaData().getConnection().getEndPoint().close();
        callback.failed(new java.io.IOException("reset by the fake"));
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  /** Writes one piece of a stream in the provider's format. */
  @FunctionalInterface
  interface StreamWriter {
    void write(String text) throws Exception;
  }

  /**
   * Streams the reply's tokens through {@code token}, pacing and holding as the reply says, then
   * breaks the stream where it says: an error event (through {@code errorEvent}), a dropped
   * connection or a clean cut. True when the stream was broken off and the callback is done.
   */
  static boolean streamTokens(Reply reply, Callback callback, StreamWriter token, StreamWriter errorEvent)
      throws Exception {
    List<String> tokens = reply.tokens();
    boolean cutShort = switch (reply.kind()) {
      case STREAM_ERROR_EVENT, STREAM_DROP, STREAM_CUT -> true;
      default -> false;
    };
    int limit = cutShort ? Math.min(reply.failAfterTokens(), tokens.size()) : tokens.size();
    for (int i = 0; i < limit; i++) {
      token.write(tokens.get(i));
      if (i == 0 && reply.holdAfterFirstToken() != null) {
        reply.holdAfterFirstToken().await(30, TimeUnit.SECONDS);
      }
      if (!reply.interval().isZero()) {
        Thread.sleep(reply.interval());
      }
    }
    switch (reply.kind()) {
      case STREAM_ERROR_EVENT -> {
        errorEvent.write(reply.message());
        callback.succeeded();
      }
      // Fails the committed response: Jetty closes the connection without the last chunk.
      case STREAM_DROP -> callback.failed(new java.io.IOException("dropped by the fake"));
      case STREAM_CUT -> callback.succeeded();
      default -> {
        return false;
      }
    }
    return true;
  }

  static void json(Response response, Callback callback, int status, JsonNode body) {
    byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }

  @SuppressWarnings("unchecked")
  private F self() {
    return (F) this;
  }

  /** The deployment's address on this server: http://127.0.0.1:PORT/{deployment}. */
  public String root(String deployment) {
    return "http://127.0.0.1:" + server.port() + "/" + deployment;
  }

  /** Queues replies for the next calls to this deployment. */
  @Override
  public F script(String deployment, Reply... replies) {
    scripts.add(deployment, replies);
    return self();
  }

  /**
   * Answers calls to this deployment that no script covers by asking {@code responder}, which sees
   * the request body: a model that follows the conversation (for long benchmark runs).
   */
  public F respondWith(String deployment, Function<JsonNode, Reply> responder) {
    scripts.respondWith(deployment, responder);
    return self();
  }

  /** Stops keeping request bodies (a 1,000-turn benchmark would otherwise hold them all). */
  public F withoutRecording() {
    scripts.stopRecording();
    return self();
  }

  @Override
  public List<Received> received(String deployment) {
    return scripts.received(deployment);
  }

  @Override
  public int calls(String deployment) {
    return scripts.calls(deployment);
  }

  @Override
  public void close() {
    server.stop();
  }
}
