import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Executors;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The floor under the gateway: the same server (Jetty ee10, virtual threads) and client (Apache
 * HttpClient 5) with no gateway logic at all — no JSON, routing, auth or metrics. Usage:
 * java -cp LIB/* MiniProxy.java PORT UPSTREAM_URL
 */
public class MiniProxy {
  public static void main(String[] args) throws Exception {
    CloseableHttpClient client = HttpClients.custom()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create().setMaxConnPerRoute(512).setMaxConnTotal(512).build())
        .disableAutomaticRetries().disableContentCompression().build();
    QueuedThreadPool pool = new QueuedThreadPool(32, 4);
    pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    Server server = new Server(pool);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(Integer.parseInt(args[0]));
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    String upstream = args[1];
    context.addServlet(new HttpServlet() {
      @Override
      protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpPost post = new HttpPost(upstream);
        post.setEntity(new ByteArrayEntity(request.getInputStream().readAllBytes(), ContentType.APPLICATION_JSON));
        byte[] answer = client.execute(post, r -> EntityUtils.toByteArray(r.getEntity()));
        response.setContentType("application/json");
        response.setContentLength(answer.length);
        response.getOutputStream().write(answer);
      }
    }, "/*");
    server.setHandler(context);
    server.start();
  }
}
