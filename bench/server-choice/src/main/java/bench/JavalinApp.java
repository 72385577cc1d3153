package bench;

import io.javalin.Javalin;

/** Javalin 7 on the same Jetty: one route answering the same JSON body, virtual threads on. */
public final class JavalinApp {
  public static void main(String[] args) {
    Javalin.create(config -> {
      config.concurrency.useVirtualThreads = true;
      config.startup.showJavalinBanner = false;
      config.routes.get("/health", ctx -> ctx.contentType("application/json").result("{\"status\":\"ok\"}"));
    }).start(Integer.parseInt(args[0]));
    System.out.println("started");
  }
}
