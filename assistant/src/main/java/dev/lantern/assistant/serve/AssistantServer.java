package dev.lantern.assistant.serve;

import dev.lantern.agent.llm.Cancellation;
import dev.lantern.agent.loop.TurnListener;
import dev.lantern.agent.loop.TurnOutcome;
import dev.lantern.agent.mcp.McpServer;
import dev.lantern.agent.tool.Tool;
import dev.lantern.assistant.ChatSession;
import dev.lantern.assistant.cron.CronJobTool;
import dev.lantern.assistant.cron.Job;
import dev.lantern.assistant.cron.Scheduler;
import dev.lantern.assistant.cron.SendMessageTool;
import dev.lantern.assistant.tools.Clarifier;
import dev.lantern.assistant.web.WebChatServlet;
import java.time.Clock;
import java.util.OptionalLong;
import dev.lantern.assistant.Assistant;
import dev.lantern.assistant.ModelCatalog;
import dev.lantern.assistant.api.ApiServlet;
import dev.lantern.assistant.home.AssistantConfig.ApiServerSettings;
import dev.lantern.assistant.home.AssistantConfig.DiscordSettings;
import dev.lantern.assistant.home.AssistantConfig.TelegramSettings;
import dev.lantern.assistant.messaging.AccessPolicy;
import dev.lantern.assistant.messaging.MessageRouter;
import dev.lantern.assistant.messaging.MessagingMetrics;
import dev.lantern.assistant.messaging.Platform;
import dev.lantern.assistant.messaging.discord.DiscordFrontEnd;
import dev.lantern.assistant.messaging.telegram.TelegramFrontEnd;
import dev.lantern.common.http.HttpService;
import dev.lantern.common.json.Json;
import dev.lantern.common.metrics.MetricsEndpoint;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code lantern assistant serve}: the messaging front ends (Telegram), the router that turns
 * their messages into turns, and a small HTTP server with {@code /healthz}, {@code /metrics} and,
 * when enabled, the OpenAI-compatible API ({@code /v1}) and the web chat on it ({@code /}).
 * {@link #close()} is the graceful stop: no new messages, the turns in flight finish (or, after
 * the grace period, are interrupted with their messages kept for the restart), then the rest.
 */
public final class AssistantServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AssistantServer.class);
  private static final Duration MODEL_CHECK_EVERY = Duration.ofSeconds(30);

  private final Assistant assistant;
  private final HttpService http;
  private final MessageRouter router;
  private final TelegramFrontEnd telegram;
  private final DiscordFrontEnd discord;
  private final Scheduler scheduler;
  private final ApiServlet api;
  private final Duration grace;
  private volatile ObjectNode modelHealth;
  private volatile Instant modelCheckedAt = Instant.EPOCH;

  private AssistantServer(Assistant assistant, String host, int port, Duration grace, Clock clock) {
    this.assistant = assistant;
    this.grace = grace;
    PrometheusRegistry registry = MetricsEndpoint.registryWithJvmMetrics();
    MessagingMetrics metrics = new MessagingMetrics(registry);
    TelegramSettings settings = assistant.config().telegram();
    DiscordSettings discordSettings = assistant.config().discord();
    this.scheduler = new Scheduler(assistant.sessions(), clock, this::runJob, this::deliver);
    List<Platform> platforms = new java.util.ArrayList<>();
    if (settings.enabled()) {
      AccessPolicy access = AccessPolicy.of(TelegramFrontEnd.PLATFORM, settings.allowedUsers(), List.of(),
          settings.allowAllUsers(), settings.refusal(), settings.pairStrangers());
      log.info("Telegram: answering {}", access.describe());
      platforms.add(new Platform(TelegramFrontEnd.PLATFORM, access, TelegramFrontEnd.outbox(settings.apiUrl(),
          settings.botToken())));
    } else {
      log.warn("No Telegram bot: set TELEGRAM_BOT_TOKEN (from @BotFather) to talk to the assistant on Telegram");
    }
    if (discordSettings.enabled()) {
      AccessPolicy access = AccessPolicy.of(DiscordFrontEnd.PLATFORM, discordSettings.allowedUsers(), List.of(),
          discordSettings.allowAllUsers(), discordSettings.refusal(), discordSettings.pairStrangers());
      log.info("Discord: answering {}", access.describe());
      platforms.add(new Platform(DiscordFrontEnd.PLATFORM, access, DiscordFrontEnd.outbox(discordSettings)));
    }
    router = platforms.isEmpty() ? null
        : new MessageRouter(assistant, platforms, assistant.pairing(), metrics, this::toolsFor);
    telegram = settings.enabled()
        ? new TelegramFrontEnd(settings.apiUrl(), settings.botToken(), router, assistant.sessions(), metrics) : null;
    discord = discordSettings.enabled() ? new DiscordFrontEnd(discordSettings, router, metrics) : null;
    MetricsEndpoint endpoint = new MetricsEndpoint(registry);
    ApiServerSettings apiSettings = assistant.config().apiServer();
    // Jobs the key holder schedules over the API report to the home chat: an API caller has no chat.
    api = new ApiServlet(assistant, apiSettings, metrics, this::apiToolsFor);
    http = HttpService.builder("assistant").host(host).port(port)
        .servlet(servlet((request, response) -> health(response)), "/healthz")
        .servlet(servlet(endpoint::write), "/metrics")
        .servlet(api, "/v1/*")
        .servlet(new WebChatServlet(assistant), "/")
        .start();
    if (apiSettings.enabled()) {
      log.info("API server: OpenAI-compatible at {}/v1 as model '{}', web chat at {}/ (key required)", http.uri(),
          apiSettings.modelName(), http.uri());
    }
    if (router != null) {
      router.replayInbox();
    }
    if (telegram != null) {
      telegram.start();
    }
    if (discord != null) {
      discord.start();
    }
  }

  /** Conversations idle this long leave memory (they resume from state.db). */
  static final Duration IDLE_CONVERSATION = Duration.ofMinutes(30);

  public static AssistantServer start(Assistant assistant, String host, int port, Duration grace) {
    AssistantServer server = new AssistantServer(assistant, host, port, grace,
        Clock.system(assistant.config().timezone()));
    server.scheduler.start(Duration.ofSeconds(1));
    if (server.router != null) {
      Thread.ofVirtual().name("conversation-eviction").start(() -> {
        try {
          while (true) {
            Thread.sleep(Duration.ofMinutes(1));
            server.router.evictIdle(java.time.Instant.now().minus(IDLE_CONVERSATION));
          }
        } catch (InterruptedException stopped) {
          // the JVM is exiting
        }
      });
    }
    return server;
  }

  /** With a clock the caller moves, and no background ticking: tests call {@link #scheduler()}.tick(). */
  public static AssistantServer startWithClock(Assistant assistant, String host, int port, Duration grace, Clock clock) {
    return new AssistantServer(assistant, host, port, grace, clock);
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  /**
   * A chat's own tools: its cronjob tool (answers come back to it; it sees its user's jobs only,
   * with per-user memory) and send_message.
   */
  private List<Tool> toolsFor(String chat) {
    String user = assistant.userOf(chat);
    return List.of(new CronJobTool(scheduler, chat, job -> java.util.Objects.equals(assistant.userOf(job.chat()), user)),
        new SendMessageTool(this::deliver));
  }

  /**
   * An API conversation's tools: the key holder's own sessions report jobs to the home chat; a
   * caller named by OpenAI's {@code user} field gets none, since its jobs would run as nobody
   * the home chat knows.
   */
  private List<Tool> apiToolsFor(String source) {
    return source.startsWith("api-user:") ? List.of() : toolsFor("home");
  }

  /** A job runs in a session of its own, so that it does not clutter the chat's conversation. */
  private String runJob(Job job) throws Exception {
    // As the user who created it: a job sees only its user's memory and sessions.
    ChatSession session = assistant.startSession("cron:" + job.id(), assistant.userOf(job.chat()), Clarifier.NOBODY,
        toolsFor(job.chat()));
    try {
      TurnOutcome outcome = session.ask("[Scheduled job \"" + job.name() + "\"; answer starting with " + Scheduler.SILENT
          + " if there is nothing worth reporting]\n" + job.prompt(), TurnListener.SILENT, new Cancellation());
      if (!outcome.answered()) {
        throw new IllegalStateException(outcome.error() == null ? "interrupted" : outcome.error().getMessage());
      }
      return outcome.answer();
    } finally {
      session.end();
    }
  }

  /**
   * To a chat key ("telegram:CHAT:USER", "discord:CHANNEL:USER"), or "home": telegram.home_chat,
   * else discord.home_channel. With neither, the answer goes to the log.
   */
  private boolean deliver(String chat, String text) {
    Long homeChat = assistant.config().telegram().homeChat();
    Long homeChannel = assistant.config().discord().homeChannel();
    String platform;
    OptionalLong chatId;
    if (chat.equals("home")) {
      platform = homeChat != null ? TelegramFrontEnd.PLATFORM : DiscordFrontEnd.PLATFORM;
      chatId = homeChat != null ? OptionalLong.of(homeChat)
          : homeChannel != null ? OptionalLong.of(homeChannel) : OptionalLong.empty();
    } else {
      platform = MessageRouter.platformOf(chat);
      chatId = MessageRouter.chatId(chat);
    }
    if (router == null || chatId.isEmpty()) {
      log.info("Not delivered (no chat for '{}'; set telegram.home_chat or discord.home_channel): {}", chat,
          text.length() > 200 ? text.substring(0, 200) + "…" : text);
      return false;
    }
    return router.deliver(platform, chatId.getAsLong(), text);
  }

  public URI uri() {
    return http.uri();
  }

  public void join() throws InterruptedException {
    http.join();
  }

  /** Waits until no turn runs or waits (tests). */
  public boolean awaitIdle(Duration limit) throws InterruptedException {
    return router == null || router.awaitIdle(limit);
  }

  private void health(HttpServletResponse response) throws IOException {
    ObjectNode body = Json.object().put("status", "ok"); // first in the output; set at the end
    boolean ok = true;
    ObjectNode frontEnds = body.putObject("front_ends");
    if (telegram != null) {
      ok &= telegram.health().writeTo(frontEnds, TelegramFrontEnd.PLATFORM);
    }
    if (discord != null) {
      ok &= discord.health().writeTo(frontEnds, DiscordFrontEnd.PLATFORM);
    }
    ObjectNode model = modelHealth();
    body.set("model", model);
    ok &= model.path("ok").asBoolean();
    ObjectNode mcp = body.putObject("mcp_servers");
    for (McpServer server : assistant.mcp().servers()) {
      boolean up = server.state() == McpServer.State.CONNECTED;
      mcp.putObject(server.name()).put("ok", up).put("detail", up ? server.transport() + ", " + server.tools().size()
          + " tools" : server.lastError());
      ok &= up;
    }
    body.put("status", ok ? "ok" : "degraded");
    byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
    // 200 either way: a degraded front end is a reason to look, not to restart the pod.
    response.setContentType("application/json");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  /** The model endpoint's health, asked at most every 30 s so probes cost the gateway nothing. */
  private ObjectNode modelHealth() {
    if (modelHealth != null && Instant.now().isBefore(modelCheckedAt.plus(MODEL_CHECK_EVERY))) {
      return modelHealth;
    }
    ObjectNode state = Json.object();
    try {
      ModelCatalog.Answer answer = ModelCatalog.fetch(assistant.config());
      boolean up = answer.ok();
      state.put("ok", up).put("detail", up ? assistant.config().model() + " at " + assistant.config().baseUrlForDisplay()
          : answer.failure() != null ? "unreachable: " + answer.failure().getClass().getSimpleName()
          : "HTTP " + answer.status());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      state.put("ok", false).put("detail", "interrupted");
    }
    modelHealth = state;
    modelCheckedAt = Instant.now();
    return state;
  }

  @Override
  public void close() {
    scheduler.close();
    if (telegram != null) {
      telegram.close();
    }
    if (discord != null) {
      discord.close();
    }
    if (router != null) {
      try {
        router.shutdown(grace);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      router.close();
    }
    http.close();
    api.close();
    log.info("assistant stopped");
  }

  /** A servlet answering GET with {@code handler}. */
  private static HttpServlet servlet(Handler handler) {
    return new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        handler.handle(request, response);
      }
    };
  }

  @FunctionalInterface
  private interface Handler {
    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException;
  }

}
