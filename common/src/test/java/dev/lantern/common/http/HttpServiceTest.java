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
}
