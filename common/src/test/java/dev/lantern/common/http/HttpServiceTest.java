package dev.lantern.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class HttpServiceTest {
  @Test
  void aBugInAServletBecomesAJson500WithoutAStackTrace() throws Exception {
    HttpServlet broken = new HttpServlet() {
      @Override
      protected void service(HttpServletRequest req, HttpServletResponse resp) {
        throw new IllegalStateException("secret internal detail");
      }
    };
    try (HttpService service = HttpService.builder("test").host("127.0.0.1").port(0).servlet("/*", broken).start();
        HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(service.uri().resolve("/x")).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
      assertThat(response.body()).startsWith("{\"error\"").doesNotContain("secret internal detail").doesNotContain("at ");
    }
  }

  @Test
  void aTakenPortIsAClearError() {
    try (HttpService first = HttpService.builder("one").host("127.0.0.1").port(0).start()) {
      assertThatThrownBy(() -> HttpService.builder("two").host("127.0.0.1").port(first.port()).start())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("cannot listen on 127.0.0.1:" + first.port())
          .hasMessageContaining("--port");
    }
  }

  /** Answers with the size of the JSON object it read, or the BadRequest's status. */
  private static final HttpServlet READS_BODIES = new HttpServlet() {
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws java.io.IOException {
      try {
        JsonResponses.write(response, 200, dev.lantern.common.json.Json.object()
            .put("fields", JsonBodies.object(request, 64 * 1024).size()));
      } catch (BadRequest e) {
        JsonResponses.error(response, ErrorBodies.OPENAI, e.status(), e.getMessage());
      }
    }
  };

  private static HttpService slowClientService() {
    return HttpService.builder("slow").host("127.0.0.1").port(0).headerTimeout(java.time.Duration.ofMillis(600))
        .readTimeout(java.time.Duration.ofMillis(600)).servlet("/*", READS_BODIES).start();
  }

  @Test
  void aClientTricklingItsHeadersIsCutOffWhileOthersAreServed() throws Exception {
    try (HttpService service = slowClientService(); java.net.Socket slow = new java.net.Socket("127.0.0.1",
        service.port()); java.net.Socket silent = new java.net.Socket("127.0.0.1", service.port());
        HttpClient client = HttpClient.newHttpClient()) {
      slow.setSoTimeout(5_000);
      silent.setSoTimeout(5_000);
      java.io.OutputStream out = slow.getOutputStream();
      out.write("POST / HTTP/1.1\r\nHost: x\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      long started = System.nanoTime();
      boolean closed = false;
      try {
        for (int i = 0; i < 40 && !closed; i++) {
          out.write('X'); // one byte of a header every 100 ms: the idle timeout alone would never fire
          out.flush();
          Thread.sleep(100);
          closed = slow.getInputStream().available() == 0 && isClosed(slow);
        }
      } catch (java.io.IOException reset) {
        closed = true;
      }
      HttpResponse<String> normal = client.send(HttpRequest.newBuilder(service.uri().resolve("/x"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}")).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(closed).as("the trickling connection was closed").isTrue();
      assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(3));
      assertThat(silent.getInputStream().read()).as("a connection that never sent anything is closed too").isEqualTo(-1);
      assertThat(normal.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aStalledBodyGets408AndASlowButSteadyOneIsRead() throws Exception {
    try (HttpService service = slowClientService()) {
      String stalled = exchange(service.port(), "{\"a\":", 100, 0);
      String steady = exchange(service.port(), "{\"a\":1,\"b\":2}", 100, 14);

      assertThat(stalled).startsWith("HTTP/1.1 408").contains("too slowly");
      assertThat(steady).startsWith("HTTP/1.1 200").contains("\"fields\":2");
    }
  }

  /**
   * Sends a POST declaring {@code declared} bytes, then its body a byte every {@code gapMillis},
   * stopping after {@code bytes} of it (all of {@code body} when 0 … then it stalls); returns the
   * raw answer.
   */
  private static String exchange(int port, String body, long gapMillis, int bytes) throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      java.io.OutputStream out = socket.getOutputStream();
      byte[] content = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      int declared = bytes == 0 ? content.length + 20 : content.length;
      out.write(("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + declared
          + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      for (byte b : content) {
        out.write(b);
        out.flush();
        Thread.sleep(gapMillis);
      }
      return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private static boolean isClosed(java.net.Socket socket) throws java.io.IOException {
    socket.setSoTimeout(1);
    try {
      return socket.getInputStream().read() == -1;
    } catch (java.net.SocketTimeoutException stillOpen) {
      return false;
    } finally {
      socket.setSoTimeout(5_000);
    }
  }

  @Test
  void aHandlerThatThinksLongerThanTheReadTimeoutStillAnswersAndStreams() throws Exception {
    HttpServlet thinking = new HttpServlet() {
      @Override
      protected void service(HttpServletRequest request, HttpServletResponse response) throws java.io.IOException {
        response.setContentType("text/event-stream");
        response.getOutputStream().write("data: first\n\n".getBytes());
        response.flushBuffer();
        try {
          Thread.sleep(1_500); // an LLM thinking, or a tool running: nothing to send meanwhile
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        response.getOutputStream().write("data: second\n\n".getBytes());
      }
    };
    try (HttpService service = HttpService.builder("think").host("127.0.0.1").port(0)
        .readTimeout(java.time.Duration.ofMillis(400)).servlet("/*", thinking).start();
        HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(service.uri().resolve("/s")).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("first").contains("second");
    }
  }

  @Test
  void aClientSendingA10MbHeaderCanFinishWritingAndReadsThe431() throws Exception {
    try (HttpService service = slowClientService(); java.net.Socket socket = new java.net.Socket("127.0.0.1",
        service.port())) {
      socket.setSoTimeout(10_000);
      byte[] huge = ("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(10_000_000) + "\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

      socket.getOutputStream().write(huge); // a reset would throw here, before the answer could be read
      String answer = new String(socket.getInputStream().readNBytes(40), java.nio.charset.StandardCharsets.US_ASCII);

      assertThat(answer).startsWith("HTTP/1.1 431");
    }
  }
}
