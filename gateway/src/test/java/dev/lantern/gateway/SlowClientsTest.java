package dev.lantern.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile slow clients over real sockets: a stalled chunked upload, and slow-header and slow-body
 * trickles. Each is cut off after its timeout and normal traffic beside them is answered.
 */
class SlowClientsTest {
  private static GatewayHarness harness;

  @BeforeAll
  static void start() {
    harness = GatewayHarness.start("""
        model_list:
          - model_name: free
            litellm_params: {model: openai/free-model, api_base: "${free}"}
        general_settings:
          max_request_size_mb: 1
          client_header_timeout: 2.5
          client_body_timeout: 0.8
        """);
    // The header timeout leaves room for this test's own 50 clients: on a loaded two-core CI
    // machine one of them opened its connection and took longer than 0.8 s to send its headers,
    // was cut off as a slow client, and failed the test (seen once in a clean-clone run).
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void aStalledChunkedUploadGets408AndFiftyValidChunkedRequestsBesideItAreAllAnswered() throws Exception {
    try (Socket stalled = new Socket("127.0.0.1", harness.uri("/").getPort())) {
      stalled.setSoTimeout(10_000);
      OutputStream out = stalled.getOutputStream();
      String chunk = "{\"model\":\"free\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(300_000);
      out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush(); // and then nothing more

      List<CompletableFuture<HttpResponse<String>>> valid = new ArrayList<>();
      try (HttpClient client = HttpClient.newHttpClient()) {
        byte[] body = ("{\"model\":\"free\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "y".repeat(300_000)
            + "\"}]}").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 50; i++) {
          valid.add(client.sendAsync(HttpRequest.newBuilder(harness.uri("/v1/chat/completions"))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
              HttpResponse.BodyHandlers.ofString()));
        }
        String answer = new String(stalled.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(answer).startsWith("HTTP/1.1 408").contains("too slowly");
        for (CompletableFuture<HttpResponse<String>> response : valid) {
          assertThat(response.join().statusCode()).as(response.join().body()).isEqualTo(200);
        }
      }
    }
  }

  @Test
  void slowHeaderAndSlowBodyTricklesAreClosedAfterTheirTimeoutsAndNormalTrafficIsUnaffected() throws Exception {
    List<Socket> trickles = new ArrayList<>();
    try {
      for (int i = 0; i < 50; i++) {
        Socket header = new Socket("127.0.0.1", harness.uri("/").getPort());
        header.getOutputStream().write("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nX-Slow: "
            .getBytes(StandardCharsets.US_ASCII));
        Socket body = new Socket("127.0.0.1", harness.uri("/").getPort());
        body.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
            + "\r\nContent-Length: 1000\r\n\r\n{\"model\":\"free\",").getBytes(StandardCharsets.US_ASCII));
        trickles.add(header);
        trickles.add(body);
      }
      HttpResponse<String> normal = harness.post("/v1/chat/completions",
          "{\"model\":\"free\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
      assertThat(normal.statusCode()).isEqualTo(200);

      for (Socket trickle : trickles) {
        trickle.setSoTimeout(10_000);
        byte[] rest = trickle.getInputStream().readAllBytes(); // returns once the gateway closed it
        String answer = new String(rest, StandardCharsets.UTF_8);
        assertThat(answer.isEmpty() || answer.startsWith("HTTP/1.1 408")).as(answer).isTrue();
      }
    } finally {
      for (Socket trickle : trickles) {
        trickle.close();
      }
    }
  }

  @Test
  void aTenMegabyteHeaderGetsA431TheClientCanRead() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", harness.uri("/").getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(10_000_000)
          + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII)); // a reset would throw here

      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(answer).startsWith("HTTP/1.1 431").contains("\"error\"");
    }
    assertThat(harness.post("/v1/chat/completions", "{\"model\":\"free\",\"messages\":[{\"role\":\"user\","
        + "\"content\":\"hi\"}]}").statusCode()).isEqualTo(200);
  }
}
