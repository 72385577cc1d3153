package dev.lantern.assistant.messaging;

import dev.lantern.agent.llm.Cancellation;
import dev.lantern.agent.llm.ToolCall;
import dev.lantern.agent.loop.TurnListener;
import dev.lantern.agent.loop.TurnOutcome;
import dev.lantern.agent.tool.Tool;
import dev.lantern.assistant.Assistant;
import dev.lantern.assistant.ChatSession;
import dev.lantern.assistant.pairing.Pairing;
import dev.lantern.assistant.session.InboxItem;
import dev.lantern.assistant.tools.Clarifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns incoming chat messages into agent turns, one conversation per platform, chat and user.
 *
 * <ul>
 *   <li>Access first: a message from a user who is not allowed causes no turn, no tool call and no
 *       model call; it is logged with the user id and, if configured, answered with one refusal.
 *   <li>Every accepted message is written to the inbox together with the platform's offset, in one
 *       transaction, and leaves the inbox only when its turn is answered and saved: a restart or a
 *       crash replays it instead of losing it.
 *   <li>A message that arrives while its chat's turn runs waits, and all waiting messages are
 *       merged into the next turn: none is dropped.
 *   <li>Commands ({@code /new}, {@code /stop}, …) are answered at once, even during a turn.
 * </ul>
 */
public final class MessageRouter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MessageRouter.class);
  private static final Duration TYPING_EVERY = Duration.ofSeconds(4);

  private final Assistant assistant;
  private final Map<String, Platform> platforms = new java.util.LinkedHashMap<>();
  private final Pairing pairing;
  private final MessagingMetrics metrics;
  private final Function<String, List<Tool>> toolsForChat;
  private final ChatCommands commands;
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
  private final ScheduledExecutorService typing = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "typing-indicator");
    thread.setDaemon(true);
    return thread;
  });
  private final java.util.concurrent.ExecutorService replies = Executors.newSingleThreadExecutor(
      Thread.ofVirtual().name("replies").factory());
  private volatile boolean accepting = true;

  /** {@code toolsForChat} gives a chat's own tools (its cronjob tool, send_message) by chat key. */
  public MessageRouter(Assistant assistant, List<Platform> platforms, Pairing pairing, MessagingMetrics metrics,
      Function<String, List<Tool>> toolsForChat) {
    this.assistant = assistant;
    platforms.forEach(platform -> this.platforms.put(platform.name(), platform));
    this.pairing = pairing;
    this.metrics = metrics;
    this.toolsForChat = toolsForChat;
    this.commands = new ChatCommands(assistant, this);
  }

  /**
   * Handles one message. {@code offsetKey}/{@code offset} acknowledge it to the platform and are
   * stored with it, so that it is neither lost nor answered twice across a restart.
   */
  public void accept(Inbound message, String offsetKey, String offset) {
    String platform = message.platform();
    if (!accepting) {
      return; // shutting down: not acknowledged, so Telegram hands it to the next start
    }
    if (message.group() && !message.mentioned()) {
      metrics.received(platform, "ignored");
      acknowledge(offsetKey, offset);
      return;
    }
    Platform from = platforms.get(platform);
    if (from == null) {
      log.warn("Dropped a message from {}, which this assistant does not serve", platform);
      acknowledge(offsetKey, offset);
      return;
    }
    if (!allowed(from, message)) {
      acknowledge(offsetKey, offset);
      refuse(from.access(), message);
      return;
    }
    if (message.kind() != Inbound.Kind.TEXT || message.text().isBlank()) {
      metrics.received(platform, "unsupported");
      acknowledge(offsetKey, offset);
      reply(message, unsupported(message.kind()));
      return;
    }
    String text = message.text().strip();
    if (ChatCommands.isCommand(text)) {
      metrics.received(platform, "command");
      acknowledge(offsetKey, offset);
      // Off the poller: a command may wait for the chat's turn, and polling must not.
      Thread.ofVirtual().name("command-" + message.chatId()).start(() -> reply(message, commands.run(message, text)));
      return;
    }
    metrics.received(platform, "turn");
    long id = assistant.sessions().receive(message.chatKey(), message.userId(), text, offsetKey, offset);
    lane(message).enqueue(new InboxItem(id, message.chatKey(), message.userId(), text, java.time.Instant.now()));
  }

  /** Whether {@code message}'s sender may talk to the assistant: in the platform's list, or paired. */
  public boolean allowed(Inbound message) {
    Platform from = platforms.get(message.platform());
    return from != null && allowed(from, message);
  }

  private boolean allowed(Platform from, Inbound message) {
    return from.access().allows(message.userId()) || pairing.isPaired(message.platform(), message.userId());
  }

  /** A stranger: no turn and no model call; a pairing code in a DM when pairing is on, else the refusal. */
  private void refuse(AccessPolicy access, Inbound message) {
    String platform = message.platform();
    if (access.pairStrangers() && !message.group()) {
      metrics.received(platform, "pairing");
      log.info("A {} stranger, user {}, asked to pair", platform, message.userId());
      pairing.request(platform, message.userId(), message.chatId(), message.userName())
          .ifPresent(text -> reply(message, text));
      return;
    }
    log.warn("Refused a {} message from user {} in chat {}: not an allowed user ({})", platform, message.userId(),
        message.chatId(), access.describe());
    metrics.received(platform, "refused");
    if (access.refusal() != null && !access.refusal().isBlank()) {
      reply(message, access.refusal());
    }
  }

  /**
   * Runs a chat command for a sender {@link #allowed} to use it and returns its answer, for
   * platforms that answer commands in place (Discord's slash commands).
   */
  public String command(Inbound message, String text) {
    return commands.run(message, text);
  }

  /** Name and description of each chat command, for the platform's command menu. */
  public static List<String[]> commandMenu() {
    return ChatCommands.MENU;
  }

  /** Answers the messages a previous run accepted but did not answer (it stopped or crashed). */
  public int replayInbox() {
    List<InboxItem> waiting = assistant.sessions().inbox();
    for (InboxItem item : waiting) {
      Inbound origin = origin(item);
      if (origin != null && !platforms.containsKey(origin.platform())) {
        log.warn("Keeping a waiting {} message for when {} is configured again", origin.platform(), origin.platform());
      } else if (origin != null) {
        lane(origin).enqueue(item);
      }
    }
    if (!waiting.isEmpty()) {
      log.info("Answering {} message(s) received before the last stop", waiting.size());
    }
    return waiting.size();
  }

  /** Interrupts the chat's running turn and drops what waits; true if something was stopped. */
  boolean stop(Inbound message) {
    Lane lane = lanes.get(message.chatKey());
    return lane != null && lane.stop();
  }

  ChatSession session(Inbound message) {
    return lane(message).session();
  }

  int waiting(Inbound message) {
    Lane lane = lanes.get(message.chatKey());
    return lane == null ? 0 : lane.waiting();
  }

  /**
   * Forgets the conversations idle since before {@code cutoff}, so that memory does not grow with
   * the number of chats; the next message of such a chat resumes its session from state.db.
   * Returns how many were dropped.
   */
  public int evictIdle(java.time.Instant cutoff) {
    int before = lanes.size();
    for (String key : List.copyOf(lanes.keySet())) {
      lanes.computeIfPresent(key, (k, lane) -> lane.idleSince(cutoff) ? lane.retire() : lane);
    }
    return before - lanes.size();
  }

  /** How many conversations are held in memory. */
  public int conversationsInMemory() {
    return lanes.size();
  }

  /** Whether any turn runs or waits, for shutdown and tests. */
  public boolean busy() {
    return lanes.values().stream().anyMatch(Lane::busy);
  }

  /** Waits until no turn runs or waits, for at most {@code limit}. */
  public boolean awaitIdle(Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (busy()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(50);
    }
    return true;
  }

  /**
   * Stops taking messages and lets the turns in flight finish, for at most {@code grace}; any
   * still running then is interrupted (its messages stay in the inbox and are answered after the
   * restart).
   */
  public void shutdown(Duration grace) throws InterruptedException {
    accepting = false;
    if (!awaitIdle(grace)) {
      log.warn("Turns still running after {} s; interrupting them (their messages stay in the inbox)",
          grace.toSeconds());
      lanes.values().forEach(Lane::stop);
      awaitIdle(Duration.ofSeconds(10));
    }
  }

  @Override
  public void close() {
    replies.shutdown();
    try {
      replies.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    typing.shutdownNow();
    lanes.values().forEach(Lane::end);
  }

  private Lane lane(Inbound message) {
    return lanes.computeIfAbsent(message.chatKey(), key -> new Lane(message));
  }

  /**
   * Sends off the calling thread, so that a slow or rate-limited Telegram never holds up polling;
   * one sender keeps these short replies in the order they were made.
   */
  private void reply(Inbound message, String text) {
    replies.execute(() -> deliver(message, text));
  }

  private void deliver(Inbound message, String text) {
    deliver(message.platform(), message.chatId(), text);
  }

  private void acknowledge(String offsetKey, String offset) {
    if (offsetKey != null) {
      assistant.sessions().putSetting(offsetKey, offset);
    }
  }

  /** The platform of a chat key ("telegram:CHAT:USER"). */
  public static String platformOf(String chatKey) {
    int colon = chatKey.indexOf(':');
    return colon < 0 ? chatKey : chatKey.substring(0, colon);
  }

  /** The chat id of a chat key ("telegram:CHAT:USER"), if it is one. */
  public static java.util.OptionalLong chatId(String chatKey) {
    String[] parts = chatKey.split(":");
    if (parts.length != 3 || !parts[1].matches("-?\\d{1,19}")) {
      return java.util.OptionalLong.empty();
    }
    return java.util.OptionalLong.of(Long.parseLong(parts[1]));
  }

  /** Sends a text (split to the platform's limit) to a chat; false if any part failed or the platform is not served. */
  public boolean deliver(String platform, long chatId, String text) {
    Platform to = platforms.get(platform);
    if (to == null) {
      log.warn("Not delivered to {} chat {}: this assistant does not serve {}", platform, chatId, platform);
      return false;
    }
    boolean all = true;
    for (String part : MessageSplitter.split(text, to.outbox().limit())) {
      boolean sent = to.outbox().send(chatId, part);
      all &= sent;
      if (sent) {
        metrics.sent(platform);
      } else {
        metrics.error(platform, "delivery");
      }
    }
    return all;
  }

  private static Inbound origin(InboxItem item) {
    String[] parts = item.chat().split(":");
    if (parts.length != 3) {
      log.warn("Dropping an inbox message with an unknown chat key: {}", item.chat());
      return null;
    }
    long chatId = Long.parseLong(parts[1]);
    return new Inbound(parts[0], chatId, Long.parseLong(parts[2]), item.text(), Inbound.Kind.TEXT, false, true);
  }

  private static String unsupported(Inbound.Kind kind) {
    String what = switch (kind) {
      case VOICE -> "Voice messages are";
      case PHOTO -> "Photos are";
      case DOCUMENT -> "Files are";
      default -> "This kind of message is";
    };
    return what + " not supported yet. Please send your request as text.";
  }

  /** One conversation's queue and worker. */
  private final class Lane {
    private final Inbound origin;
    private final List<InboxItem> pending = new ArrayList<>();
    private ChatSession session;
    private Cancellation current;
    private boolean running;
    private java.time.Instant lastActive = java.time.Instant.now();

    Lane(Inbound origin) {
      this.origin = origin;
    }

    synchronized ChatSession session() {
      if (session == null) {
        List<Tool> tools = toolsForChat.apply(origin.chatKey());
        session = assistant.resumeSession(origin.chatKey(), Clarifier.NOBODY, tools)
            .orElseGet(() -> assistant.startSession(origin.chatKey(), Clarifier.NOBODY, tools));
      }
      return session;
    }

    synchronized boolean idleSince(java.time.Instant cutoff) {
      return !running && pending.isEmpty() && lastActive.isBefore(cutoff);
    }

    /** Ends the session's row; returns null, which removes the lane from the map. */
    synchronized Lane retire() {
      end();
      return null;
    }

    synchronized void enqueue(InboxItem item) {
      lastActive = java.time.Instant.now();
      pending.add(item);
      metrics.queued(1);
      if (!running) {
        running = true;
        Thread.ofVirtual().name("chat-" + origin.chatId()).start(this::drain);
      }
    }

    synchronized int waiting() {
      return pending.size();
    }

    synchronized boolean busy() {
      return running || (accepting && !pending.isEmpty());
    }

    synchronized boolean stop() {
      boolean stopped = running;
      if (current != null) {
        current.cancel();
      }
      return stopped;
    }

    synchronized void end() {
      if (session != null) {
        session.end();
      }
    }

    private void drain() {
      try {
        drainBatches();
      } finally {
        synchronized (this) {
          running = false; // whatever happened, the next message starts a new worker
          current = null;
          lastActive = java.time.Instant.now();
        }
      }
    }

    private void drainBatches() {
      while (true) {
        List<InboxItem> batch;
        Cancellation cancellation;
        synchronized (this) {
          if (pending.isEmpty() || !accepting && current != null && current.isCancelled()) {
            running = false;
            current = null;
            return;
          }
          batch = List.copyOf(pending);
          pending.clear();
          current = cancellation = new Cancellation();
        }
        metrics.queued(-batch.size());
        try {
          run(batch, cancellation);
        } catch (RuntimeException e) {
          // Its messages stay in the inbox for the next start; this chat keeps working meanwhile.
          log.warn("A turn in {} failed: {}", origin.chatKey(), e.toString());
          metrics.error(origin.platform(), "turn");
        }
      }
    }

    private void run(List<InboxItem> batch, Cancellation cancellation) {
      String text = batch.size() == 1 ? batch.getFirst().text()
          : String.join("\n\n", batch.stream().map(InboxItem::text).toList());
      Outbox outbox = platforms.get(origin.platform()).outbox();
      ScheduledFuture<?> typingTask = typing.scheduleWithFixedDelay(() -> outbox.typing(origin.chatId()),
          0, TYPING_EVERY.toMillis(), TimeUnit.MILLISECONDS);
      TurnOutcome outcome;
      try {
        // Saved with its inbox rows forgotten in one transaction, unless shutdown interrupts it.
        List<Long> ids = batch.stream().map(InboxItem::id).toList();
        outcome = session().ask(text, new TurnListener() {
          @Override
          public void toolCall(ToolCall call) {
            metrics.toolCall(origin.platform());
          }
        }, cancellation, ended -> ended.status() == TurnOutcome.Status.INTERRUPTED && !accepting ? null : ids);
      } catch (RuntimeException e) {
        log.warn("A turn in {} failed: {}", origin.chatKey(), e.getMessage());
        metrics.error(origin.platform(), "turn");
        typingTask.cancel(false);
        deliver(origin, "Sorry, something went wrong on my side: " + e.getMessage());
        // Given up, and the user told: replaying it at every restart would fail the same way.
        assistant.sessions().answered(batch.stream().map(InboxItem::id).toList());
        return;
      } finally {
        typingTask.cancel(false);
      }
      metrics.turn(origin.platform(), outcome.status().name().toLowerCase(java.util.Locale.ROOT));
      switch (outcome.status()) {
        case ANSWERED -> deliver(origin, outcome.answer());
        case INTERRUPTED -> {
          if (!accepting) {
            return; // shutting down: the messages stay in the inbox for the restart
          }
          deliver(origin, "Stopped.");
        }
        case FAILED -> {
          metrics.error(origin.platform(), "model");
          deliver(origin, "Sorry, I could not reach the model: " + outcome.error().getMessage());
        }
      }
    }
  }
}
