import java.nio.ByteBuffer;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.ByteBufferRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * The same minimal proxy with nothing blocking anywhere: a Jetty core handler and Jetty's
 * asynchronous client, all on Jetty's own threads. Usage: java -cp CP MiniAsync.java PORT UPSTREAM_URL
 */
public class MiniAsync {
  public static void main(String[] args) throws Exception {
    HttpClient client = new HttpClient();
    client.setMaxConnectionsPerDestination(512);
    client.start();
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(Integer.parseInt(args[0]));
    server.addConnector(connector);
    String upstream = args[1];
    server.setHandler(new Handler.Abstract.NonBlocking() {
      @Override
      public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
          Callback callback) {
        Content.Source.asByteBufferAsync(request).whenComplete((body, error) -> {
          if (error != null) {
            callback.failed(error);
            return;
          }
          client.POST(upstream).body(new ByteBufferRequestContent("application/json", body))
              .send(new BufferingResponseListener() {
                @Override
                public void onComplete(Result result) {
                  if (result.isFailed()) {
                    callback.failed(result.getFailure());
                    return;
                  }
                  byte[] answer = getContent();
                  response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                  response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.length);
                  response.write(true, ByteBuffer.wrap(answer), callback);
                }
              });
        });
        return true;
      }
    });
    server.start();
  }
}
