package dev.lantern.sre.alerts;

import dev.lantern.agent.llm.Cancellation;
import dev.lantern.agent.loop.TurnListener;
import dev.lantern.sre.SreMetrics;
import dev.lantern.sre.investigate.Investigation;
import dev.lantern.sre.investigate.Investigator;
import dev.lantern.sre.investigate.Question;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Alertmanager receiver's work: each firing group is investigated once while it fires
 * (Alertmanager repeats a notification every repeat_interval, and resends on every change),
 * one investigation at a time so a storm of alerts does not become a storm of model calls. A
 * stored investigation that a restart interrupted runs again.
 */
public final class AlertInvestigations implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AlertInvestigations.class);
  /** Queued groups beyond this are refused with 503, so Alertmanager retries later. */
  static final int MAX_QUEUED = 50;

  /** What became of a notification. */
  public enum Outcome { QUEUED, DUPLICATE, RESOLVED, BUSY }

  public record Received(Outcome outcome, Long id) {}

  private final AlertStore store;
  private final Investigator investigator;
  private final TelegramSender telegram;
  private final SreMetrics metrics;
  private final LinkedBlockingQueue<Long> queue = new LinkedBlockingQueue<>();
  private final Thread worker;
  private volatile boolean stopping;

  /** @param telegram where investigations are sent, or null to only store them */
  public AlertInvestigations(AlertStore store, Investigator investigator, TelegramSender telegram, SreMetrics metrics) {
    this.store = store;
    this.investigator = investigator;
    this.telegram = telegram;
    this.metrics = metrics;
    try {
      store.unfinished().forEach(entry -> queue.add(entry.id()));
    } catch (SQLException e) {
      log.warn("Cannot read unfinished alert investigations from sre.db: {}", e.getMessage());
    }
    this.worker = Thread.ofPlatform().name("alert-investigations").daemon().start(this::work);
  }

  public Received receive(AlertGroup group) throws SQLException {
    if (!group.firing()) {
      store.resolved(group.groupKey());
      metrics.alert("resolved");
      return new Received(Outcome.RESOLVED, null);
    }
    if (queue.size() >= MAX_QUEUED) {
      metrics.alert("refused");
      return new Received(Outcome.BUSY, null);
    }
    Optional<Long> id = store.addIfNew(group, Instant.now());
    if (id.isEmpty()) {
      metrics.alert("duplicate");
      return new Received(Outcome.DUPLICATE, null);
    }
    metrics.alert("investigated");
    queue.add(id.get());
    return new Received(Outcome.QUEUED, id.get());
  }

  public AlertStore store() {
    return store;
  }

  /** Waits until nothing is queued or running (tests, shutdown). */
  public boolean awaitIdle(Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (queue.isEmpty() && !busy) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  private volatile boolean busy;

  private void work() {
    while (!stopping) {
      Long id;
      try {
        id = queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (id == null) {
        continue;
      }
      busy = true;
      try {
        investigate(id);
      } catch (SQLException | RuntimeException e) {
        log.warn("Alert investigation {} failed: {}", id, e.getMessage());
      } finally {
        busy = false;
      }
    }
  }

  private void investigate(long id) throws SQLException {
    Optional<AlertStore.Entry> found = store.get(id);
    if (found.isEmpty()) {
      return;
    }
    AlertStore.Entry entry = found.get();
    store.state(id, "running");
    List<String> names = entry.alertNames().isBlank() ? List.of() : Arrays.asList(entry.alertNames().split(","));
    Investigation investigation = investigator.investigate(new Question(entry.question(), List.of(), null,
        entry.namespace(), names), "alert", TurnListener.SILENT, new Cancellation());
    store.finished(id, investigation.completed(), investigation.answer(), Instant.now());
    log.info("Alert investigation {} ({}) {} in {} s", id, entry.title(), investigation.completed() ? "answered" : "failed",
        investigation.duration().toSeconds());
    if (telegram != null && telegram.send("🔎 " + entry.title() + "\n\n" + investigation.answer())) {
      store.delivered(id);
    }
  }

  @Override
  public void close() {
    stopping = true;
    worker.interrupt();
  }
}
