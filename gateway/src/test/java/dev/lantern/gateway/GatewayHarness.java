package dev.lantern.gateway;

import dev.lantern.common.json.Json;
import dev.lantern.gateway.config.LiteLlmConfig;
import dev.lantern.gateway.routing.Router;
import dev.lantern.testkit.FakeOpenAi;
import dev.lantern.testkit.PromText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A real gateway on a free port in front of a {@link FakeOpenAi} upstream, built from a LiteLLM
 * YAML in which {@code ${name}} stands for the fake's base URL of deployment {@code name}. The
 * router's clock does not really sleep: back-offs are recorded in {@link #slept}.
 */
final class GatewayHarness implements AutoCloseable {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z0-9_-]+)}");

  final FakeOpenAi upstream;
  final Gateway gateway;
  final List<Duration> slept = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final java.nio.file.Path home;
  private final java.util.concurrent.atomic.AtomicLong offsetNanos = new java.util.concurrent.atomic.AtomicLong();

  private GatewayHarness(FakeOpenAi upstream, String yaml, Map<String, String> givenEnv) {
    this.upstream = upstream;
    // Keys and spend go to SQLite in LANTERN_HOME: a fresh one per gateway, never the developer's.
    Map<String, String> env = new HashMap<>(givenEnv);
    try {
      this.home = env.containsKey("LANTERN_HOME") ? java.nio.file.Path.of(env.get("LANTERN_HOME"))
          : java.nio.file.Files.createTempDirectory("lantern-gateway-test");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    env.putIfAbsent("LANTERN_HOME", home.toString());
    Matcher m = PLACEHOLDER.matcher(yaml);
    StringBuilder resolved = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(resolved, Matcher.quoteReplacement(upstream.baseUrl(m.group(1))));
    }
    m.appendTail(resolved);
    Router.Clock clock = new Router.Clock() {
      @Override
      public long nanos() {
        return System.nanoTime() + offsetNanos.get();
      }

      @Override
      public long millis() {
        return System.currentTimeMillis() + offsetNanos.get() / 1_000_000;
      }

      @Override
      public void sleep(Duration duration) {
        slept.add(duration);
        offsetNanos.addAndGet(duration.toNanos());
      }
    };
    this.gateway = Gateway.start(LiteLlmConfig.parse(resolved.toString(), env), "127.0.0.1", 0, env, clock);
  }

  /** Moves the gateway's clock forward: budget windows, key expiry and per-minute limits see it. */
  void advance(Duration duration) {
    offsetNanos.addAndGet(duration.toNanos());
  }

  /** LANTERN_HOME of this gateway, where its gateway.db lives. */
  java.nio.file.Path home() {
    return home;
  }

  static GatewayHarness start(String yaml) {
    return start(yaml, Map.of());
  }

  static GatewayHarness start(String yaml, Map<String, String> env) {
    return new GatewayHarness(FakeOpenAi.start(), yaml, env);
  }

  /** With an upstream the test started itself, to write its URLs into the YAML by hand. */
  static GatewayHarness start(FakeOpenAi upstream, String yaml) {
    return new GatewayHarness(upstream, yaml, Map.of());
  }

  URI uri(String path) {
    return gateway.uri().resolve(path);
  }

  HttpResponse<String> post(String path, String body, String... headers) throws IOException, InterruptedException {
    return http.send(postRequest(path, body, headers), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<InputStream> postStreaming(String path, String body, String... headers)
      throws IOException, InterruptedException {
    return http.send(postRequest(path, body, headers), HttpResponse.BodyHandlers.ofInputStream());
  }

  HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest postRequest(String path, String body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return request.build();
  }

  /** A chat request body for {@code model}, streamed or not. */
  static String chat(String model, boolean stream) {
    return """
        {"model":"%s","stream":%s,"messages":[{"role":"user","content":"hi"}]}""".formatted(model, stream);
  }

  /** What a client read from a chat call: status, headers, the text and the raw events. */
  record Answer(int status, Map<String, String> headers, String text, List<JsonNode> events, JsonNode body) {
    String header(String name) {
      return headers.get(name);
    }

    boolean endedWithError() {
      return !events.isEmpty() && events.get(events.size() - 1).has("error");
    }
  }

  /** Sends a chat call and reads the whole answer, streamed or not, as a client would. */
  Answer call(String model, boolean stream, String... headers) throws IOException, InterruptedException {
    return send(chat(model, stream), headers);
  }

  /** Sends any chat body; the answer is read as a stream or whole by its content type. */
  Answer send(String body, String... headers) throws IOException, InterruptedException {
    HttpResponse<InputStream> response = postStreaming("/v1/chat/completions", body, headers);
    Map<String, String> names = new HashMap<>();
    response.headers().map().forEach((k, v) -> names.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
    List<JsonNode> events = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    JsonNode whole = null;
    String contentType = names.getOrDefault("content-type", "");
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      if (contentType.startsWith("text/event-stream")) {
        String line;
        while ((line = reader.readLine()) != null) {
          if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
            JsonNode event = Json.MAPPER.readTree(line.substring(6));
            events.add(event);
            text.append(event.path("choices").path(0).path("delta").path("content").asString(""));
          }
        }
      } else {
        String all = reader.lines().reduce("", (a, b) -> a + b);
        whole = Json.MAPPER.readTree(all);
        text.append(whole.path("choices").path(0).path("message").path("content").asString(""));
      }
    }
    return new Answer(response.statusCode(), names, text.toString(), events, whole);
  }

  String metrics(String... headers) throws IOException, InterruptedException {
    return get("/metrics", headers).body();
  }

  double metric(String name, Map<String, String> labels) throws IOException, InterruptedException {
    return PromText.sum(metrics(), name, labels);
  }

  @Override
  public void close() {
    gateway.close();
    upstream.close();
    http.close();
    if (home.getFileName().toString().startsWith("lantern-gateway-test")) {
      try (var files = java.nio.file.Files.walk(home)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException e) {
        // a temporary directory left behind is harmless
      }
    }
  }
}
