package dev.lantern.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lantern.common.json.Json;
import dev.lantern.testkit.ExternalTool;
import dev.lantern.testkit.PrometheusServer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * `make images`, for real: Jib builds the multi-arch image with the project's own plugin settings
 * and pushes it to a real registry:2 (Debian's docker-registry) over plain HTTP; skopeo (Debian's)
 * then checks the manifest list and the application in the layers. The base is `scratch`, because
 * no public registry (and so no Temurin image) is reachable here.
 */
class ImageTest {
  private static final Path ROOT = ChartTest.ROOT;

  @TempDir
  Path dir;

  @Test
  void jibPushesAnArm64AndAmd64ImageHoldingTheApplication() throws Exception {
    Path registryBinary = ExternalTool.require("docker-registry", "apt-get install docker-registry",
        "/usr/bin/docker-registry");
    Path skopeo = ExternalTool.require("skopeo", "apt-get install skopeo", "/usr/bin/skopeo");
    int port = PrometheusServer.freePort();
    Path config = Files.writeString(dir.resolve("registry.yml"), """
        version: 0.1
        storage:
          filesystem:
            rootdirectory: %s
        http:
          addr: 127.0.0.1:%d
        """.formatted(dir.resolve("data"), port));
    Process registry = new ProcessBuilder(registryBinary.toString(), "serve", config.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
    try {
      awaitRegistry(port);
      String image = "127.0.0.1:" + port + "/lantern:test";
      long start = System.nanoTime();
      Process build = new ProcessBuilder(ROOT.resolve("mvnw").toString(), "-B", "-q", "-f", ROOT.resolve("pom.xml")
          .toString(), "-pl", "app", "-am", "package", "jib:build", "-DskipTests", "-Dmaven.test.skip=true",
          "-Dlantern.image.base=scratch", "-Djib.to.image=" + image)
          .redirectErrorStream(true).redirectOutput(dir.resolve("build.log").toFile()).start();
      assertThat(build.waitFor(15, TimeUnit.MINUTES)).isTrue();
      assertThat(build.exitValue()).as(Files.readString(dir.resolve("build.log"))).isZero();
      System.out.printf("image build and push: %.1f s%n", (System.nanoTime() - start) / 1e9);

      JsonNode list = Json.MAPPER.readTree(run(skopeo.toString(), "inspect", "--raw", "--tls-verify=false",
          "docker://" + image));
      assertThat(list.path("manifests").valueStream().map(m -> m.path("platform").path("architecture").asString()))
          .containsExactlyInAnyOrder("arm64", "amd64");
      assertThat(list.path("manifests").valueStream().map(m -> m.path("platform").path("os").asString()))
          .containsOnly("linux");

      for (String arch : List.of("arm64", "amd64")) {
        Path copy = dir.resolve(arch);
        run(skopeo.toString(), "copy", "--override-arch", arch, "--src-tls-verify=false", "docker://" + image,
            "dir:" + copy);
        List<String> files = layerFiles(copy);
        assertThat(files).as(arch).contains("app/classes/dev/lantern/app/Main.class")
            .anyMatch(f -> f.startsWith("app/libs/lantern-gateway-"))
            .anyMatch(f -> f.startsWith("app/libs/lantern-assistant-"));
        JsonNode manifest = Json.MAPPER.readTree(Files.readString(copy.resolve("manifest.json")));
        long compressed = manifest.path("layers").valueStream().mapToLong(l -> l.path("size").asLong()).sum();
        System.out.printf("%s: %d layers, %.1f MiB compressed (application layers; base: scratch here)%n", arch,
            manifest.path("layers").size(), compressed / 1048576.0);
        JsonNode imageConfig = Json.MAPPER.readTree(Files.readString(copy.resolve(
            manifest.path("config").path("digest").asString().replace("sha256:", ""))));
        assertThat(imageConfig.path("config").path("User").asString()).isEqualTo("10001:10001");
        assertThat(imageConfig.path("architecture").asString()).isEqualTo(arch);
      }
    } finally {
      registry.destroy();
      registry.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static void awaitRegistry(int port) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      for (int i = 0; i < 100; i++) {
        try {
          if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/")).build(),
              HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            return;
          }
        } catch (IOException notYet) {
          // starting
        }
        Thread.sleep(100);
      }
    }
    throw new AssertionError("registry:2 did not start");
  }

  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
    return output;
  }

  /** Every file name in every (gzipped tar) layer of an image copied with skopeo to a directory. */
  private static List<String> layerFiles(Path image) throws IOException {
    List<String> names = new ArrayList<>();
    JsonNode manifest = Json.MAPPER.readTree(Files.readString(image.resolve("manifest.json")));
    for (JsonNode layer : manifest.path("layers")) {
      Path blob = image.resolve(layer.path("digest").asString().replace("sha256:", ""));
      try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(blob)))) {
        names.addAll(TarNames.read(in));
      }
    }
    return names;
  }
}
