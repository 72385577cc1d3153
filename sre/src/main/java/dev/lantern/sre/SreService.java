package dev.lantern.sre;

import dev.lantern.agent.llm.ChatModel;
import dev.lantern.agent.llm.OpenAiChatClient;
import dev.lantern.common.metrics.MetricsEndpoint;
import dev.lantern.sre.alerts.AlertStore;
import dev.lantern.sre.alerts.TelegramSender;
import dev.lantern.sre.investigate.Investigator;
import dev.lantern.sre.serve.SreServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code lantern sre serve} assembled from its settings: the investigator, sre.db, Telegram and the HTTP server. */
public final class SreService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SreService.class);
  /** How long start-up waits for kube-mcp; a later connection is picked up by the MCP client. */
  public static final Duration MCP_WAIT = Duration.ofSeconds(10);

  private final Investigator investigator;
  private final AlertStore store;
  private final SreServer server;

  private SreService(Investigator investigator, AlertStore store, SreServer server) {
    this.investigator = investigator;
    this.store = store;
    this.server = server;
  }

  public static ChatModel chatModel(SreSettings settings) {
    return new OpenAiChatClient(settings.baseUrl(), settings.modelKey(), Duration.ofSeconds(10), Duration.ofSeconds(180),
        Duration.ofSeconds(90));
  }

  public static SreService start(SreSettings settings, String host, int port) throws InterruptedException {
    PrometheusRegistry registry = MetricsEndpoint.registryWithJvmMetrics();
    SreMetrics metrics = new SreMetrics(registry);
    Investigator investigator = Investigator.start(settings, chatModel(settings), metrics, MCP_WAIT);
    AlertStore store = null;
    try {
      store = AlertStore.open(settings.database());
      TelegramSender telegram = settings.telegramEnabled()
          ? new TelegramSender(settings.telegramApiUrl(), settings.telegramToken(), settings.telegramChat()) : null;
      if (telegram == null) {
        log.info("Alert investigations are stored in {} only: set TELEGRAM_BOT_TOKEN and TELEGRAM_HOME_CHAT to get them"
            + " on Telegram", settings.database());
      }
      if (settings.prometheusUrl() == null) {
        log.info("No Prometheus tools: set PROMETHEUS_URL (e.g. http://prometheus-server.monitoring:80) to add them");
      }
      SreServer server = SreServer.start(investigator, store, telegram, metrics, registry, settings.apiKey(), host, port);
      return new SreService(investigator, store, server);
    } catch (RuntimeException e) {
      investigator.close();
      if (store != null) {
        store.close();
      }
      throw e;
    }
  }

  public URI uri() {
    return server.uri();
  }

  public void join() throws InterruptedException {
    server.join();
  }

  @Override
  public void close() {
    server.close();
    investigator.close();
    store.close();
  }
}
