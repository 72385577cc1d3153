import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * One client, one connection, calls in a loop to a zero-delay upstream: what a single upstream
 * call costs with java.net.http.HttpClient and with Apache HttpClient 5 classic, on a platform
 * and on a virtual thread. Usage: java -cp LIB/* ClientLoop.java URL
 */
public class ClientLoop {
  static final byte[] BODY = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}".getBytes();

  interface Call { void run() throws Exception; }

  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0]);
    HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest jdkRequest = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(BODY)).build();
    CloseableHttpClient apache = HttpClients.custom().disableAutomaticRetries().disableContentCompression().build();
    Call jdkCall = () -> jdk.send(jdkRequest, HttpResponse.BodyHandlers.ofByteArray());
    Call apacheCall = () -> {
      HttpPost post = new HttpPost(uri);
      post.setEntity(new ByteArrayEntity(BODY, ContentType.APPLICATION_JSON));
      apache.execute(post, response -> EntityUtils.toByteArray(response.getEntity()));
    };
    for (boolean virtual : new boolean[] {false, true}) {
      report("java.net.http", virtual, jdkCall);
      report("apache-hc5-classic", virtual, apacheCall);
    }
  }

  static void report(String name, boolean virtual, Call call) throws Exception {
    long[] times = new long[40_000];
    Runnable loop = () -> {
      try {
        for (int i = 0; i < times.length; i++) {
          long start = System.nanoTime();
          call.run();
          times[i] = System.nanoTime() - start;
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
    Thread thread = virtual ? Thread.ofVirtual().start(loop) : Thread.ofPlatform().start(loop);
    thread.join();
    long[] measured = Arrays.copyOfRange(times, 20_000, times.length); // the first half warms the JIT
    Arrays.sort(measured);
    System.out.printf("%-20s %-8s p50 %4d us  p99 %5d us%n", name, virtual ? "virtual" : "platform",
        measured[measured.length / 2] / 1000, measured[measured.length * 99 / 100] / 1000);
  }
}
