package dev.lantern.gateway.spend;

import dev.lantern.gateway.keys.KeyStore;
import dev.lantern.gateway.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes spend in batches ({@code general_settings.proxy_batch_write_at}): each flush is one
 * transaction that inserts the calls' rows and adds their cost to their keys and teams. Nothing
 * is dropped when the database is away: rows wait in memory (up to {@link #MAX_WAITING}; beyond
 * that only the amounts are kept) and {@link #close()} writes what is left, so a rolling restart
 * (SIGTERM) loses no spend.
 */
public final class SpendWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SpendWriter.class);
  static final int MAX_WAITING = 200_000;
  private static final int ROWS_PER_TRANSACTION = 5_000;

  /** Told what reached the database, so each replica's accounts move spend from "unwritten" to "stored". */
  public interface Listener {
    void stored(Map<String, Double> byKey, Map<String, Double> byTeam, long wallMillis);
  }

  private final Database database;
  private final boolean keepRows;
  private final Listener listener;
  private final ReentrantLock lock = new ReentrantLock();
  private final ReentrantLock flushing = new ReentrantLock();
  private ArrayDeque<SpendRecord> waiting = new ArrayDeque<>();
  /** Amounts of rows that did not fit in memory: still added to their keys and teams. */
  private Map<String, Double> overflowByKey = new HashMap<>();
  private Map<String, Double> overflowByTeam = new HashMap<>();
  private long droppedRows;
  private final ScheduledExecutorService timer;

  public SpendWriter(Database database, boolean keepRows, java.time.Duration interval, Listener listener) {
    this.database = database;
    this.keepRows = keepRows;
    this.listener = listener;
    this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("spend-writer").daemon().factory());
    long millis = Math.max(100, interval.toMillis());
    timer.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
  }

  public void add(SpendRecord record) {
    lock.lock();
    try {
      if (waiting.size() < MAX_WAITING) {
        waiting.add(record);
        return;
      }
      if (!SpendRecord.MASTER_KEY.equals(record.apiKey())) {
        overflowByKey.merge(record.apiKey(), record.spend(), Double::sum);
      }
      if (record.teamId() != null) {
        overflowByTeam.merge(record.teamId(), record.spend(), Double::sum);
      }
      if (droppedRows++ % 10_000 == 0) {
        LOG.error("spend log backlog is full ({} rows waiting for the database {}): keeping only amounts, not rows",
            MAX_WAITING, database.shown());
      }
    } finally {
      lock.unlock();
    }
  }

  /** Rows not yet written. */
  public int waiting() {
    lock.lock();
    try {
      return waiting.size();
    } finally {
      lock.unlock();
    }
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.warn("spend write failed: {}", e.getMessage());
    }
  }

  /** Writes everything waiting; false when the database refused, and the rows stay queued. */
  public boolean flush() {
    flushing.lock();
    try {
      while (true) {
        List<SpendRecord> batch;
        Map<String, Double> extraByKey;
        Map<String, Double> extraByTeam;
        lock.lock();
        try {
          if (waiting.isEmpty() && overflowByKey.isEmpty()) {
            return true;
          }
          batch = new ArrayList<>(Math.min(waiting.size(), ROWS_PER_TRANSACTION));
          while (batch.size() < ROWS_PER_TRANSACTION && !waiting.isEmpty()) {
            batch.add(waiting.poll());
          }
          extraByKey = overflowByKey;
          extraByTeam = overflowByTeam;
          overflowByKey = new HashMap<>();
          overflowByTeam = new HashMap<>();
        } finally {
          lock.unlock();
        }
        try {
          if (!write(batch, extraByKey, extraByTeam)) {
            putBack(batch, extraByKey, extraByTeam);
            return false;
          }
        } catch (PartlyWritten stopped) {
          return false;
        }
      }
    } finally {
      flushing.unlock();
    }
  }

  private boolean write(List<SpendRecord> batch, Map<String, Double> byKey, Map<String, Double> byTeam) {
    Map<String, Double> keyTotals = new HashMap<>(byKey);
    Map<String, Double> teamTotals = new HashMap<>(byTeam);
    for (SpendRecord record : batch) {
      if (record.spend() != 0 && !SpendRecord.MASTER_KEY.equals(record.apiKey())) {
        keyTotals.merge(record.apiKey(), record.spend(), Double::sum);
      }
      if (record.spend() != 0 && record.teamId() != null) {
        teamTotals.merge(record.teamId(), record.spend(), Double::sum);
      }
    }
    long now = System.currentTimeMillis();
    try {
      store(batch, keyTotals, teamTotals, now);
    } catch (SQLException e) {
      if (!Database.refusedData(e)) {
        boolean wasReady = database.ready();
        database.markDown(e);
        if (wasReady) { // once an outage: the retries every batch interval would only repeat it
          LOG.warn("could not write {} spend rows to {} ({}); they wait in memory and are retried", batch.size(),
              database.shown(), Database.describe(e));
        }
        return false;
      }
      LOG.warn("the database refused a batch of {} spend rows ({})", batch.size(), Database.describe(e));
      if (batch.size() > 1) {
        return writeOneByOne(batch, byKey, byTeam);
      }
      // One row refused for its data: keep its cost on the key and team, drop the row.
      return batch.isEmpty() ? dropped(0) : dropped(1) && write(List.of(), keyTotals, teamTotals);
    }
    listener.stored(keyTotals, teamTotals, now);
    return true;
  }

  private void store(List<SpendRecord> batch, Map<String, Double> byKey, Map<String, Double> byTeam, long now)
      throws SQLException {
    database.inTransaction(c -> {
      if (keepRows) {
        insert(c, batch);
      }
      KeyStore.addSpend(c, byKey, byTeam, now);
    });
  }

  /**
   * A batch the database refused for one row's data: each row on its own, so one bad row cannot
   * hold back everybody's spend. A row refused on its own is dropped and counted in the log.
   */
  private boolean writeOneByOne(List<SpendRecord> batch, Map<String, Double> byKey, Map<String, Double> byTeam) {
    if ((!byKey.isEmpty() || !byTeam.isEmpty()) && !write(List.of(), byKey, byTeam)) {
      return false; // nothing written yet: the caller puts the whole batch back
    }
    for (int i = 0; i < batch.size(); i++) {
      if (!write(List.of(batch.get(i)), Map.of(), Map.of())) {
        // The server went away mid-way: what is written stays written, the rest waits.
        putBack(batch.subList(i, batch.size()), new HashMap<>(), new HashMap<>());
        throw new PartlyWritten();
      }
    }
    return true;
  }

  /** Thrown when a row-by-row write stopped part-way and already put the rest back. */
  private static final class PartlyWritten extends RuntimeException {
    PartlyWritten() {
      super(null, null, false, false);
    }
  }

  private boolean dropped(int rows) {
    if (rows > 0) {
      LOG.error("a spend row was refused for its data and is dropped; its cost still counts for its key and team");
    }
    return true;
  }

  private void putBack(List<SpendRecord> batch, Map<String, Double> byKey, Map<String, Double> byTeam) {
    lock.lock();
    try {
      ArrayDeque<SpendRecord> merged = new ArrayDeque<>(batch.size() + waiting.size());
      merged.addAll(batch);
      merged.addAll(waiting);
      waiting = merged;
      byKey.forEach((k, v) -> overflowByKey.merge(k, v, Double::sum));
      byTeam.forEach((k, v) -> overflowByTeam.merge(k, v, Double::sum));
    } finally {
      lock.unlock();
    }
  }

  private static void insert(Connection c, List<SpendRecord> batch) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO lantern_spend_logs (request_id, call_id, call_type, "
        + "api_key, key_alias, team_id, user_id, end_user, model_group, model_id, model, prompt_tokens, "
        + "completion_tokens, total_tokens, spend, status, status_code, start_time, end_time) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (SpendRecord r : batch) {
        s.setString(1, r.requestId());
        s.setString(2, r.callId());
        s.setString(3, r.callType());
        s.setString(4, r.apiKey());
        s.setString(5, r.keyAlias());
        s.setString(6, r.teamId());
        s.setString(7, r.userId());
        s.setString(8, r.endUser());
        s.setString(9, r.modelGroup());
        s.setString(10, r.modelId());
        s.setString(11, r.model());
        s.setLong(12, r.promptTokens());
        s.setLong(13, r.completionTokens());
        s.setLong(14, r.totalTokens());
        s.setDouble(15, r.spend());
        s.setString(16, r.status());
        s.setInt(17, r.statusCode());
        s.setLong(18, r.startTime());
        s.setLong(19, r.endTime());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  /** Stops the timer and writes what is left; what cannot be written is logged with its count. */
  @Override
  public void close() {
    timer.shutdown();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!flush()) {
      LOG.error("{} spend rows could not be written to {} before shutdown", waiting(), database.shown());
    }
  }
}
