package dev.lantern.sre.alerts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Alert investigations in SQLite ({@code LANTERN_HOME/sre.db}): what arrived, whether its group
 * still fires (the deduplication key), and the answer. One connection, used under its lock: the
 * service writes a few rows per alert, not per request.
 */
public final class AlertStore implements AutoCloseable {
  /** One stored investigation. {@code state} is queued, running, done or failed. */
  public record Entry(long id, String groupKey, String title, String state, boolean firing, Instant receivedAt,
      Instant finishedAt, String question, String namespace, String alertNames, String answer, boolean delivered) {}

  private final Connection connection;

  private AlertStore(Connection connection) {
    this.connection = connection;
  }

  public static AlertStore open(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement statement = connection.createStatement()) {
        statement.execute("PRAGMA busy_timeout = 5000");
        statement.execute("PRAGMA journal_mode = WAL");
        statement.execute("""
            CREATE TABLE IF NOT EXISTS alert_investigations (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              group_key TEXT NOT NULL,
              title TEXT NOT NULL,
              state TEXT NOT NULL,
              firing INTEGER NOT NULL,
              received_at TEXT NOT NULL,
              finished_at TEXT,
              question TEXT NOT NULL,
              namespace TEXT,
              alert_names TEXT NOT NULL,
              answer TEXT,
              delivered INTEGER NOT NULL DEFAULT 0)""");
        statement.execute("CREATE INDEX IF NOT EXISTS alert_investigations_group ON alert_investigations(group_key, firing)");
      }
      return new AlertStore(connection);
    } catch (java.io.IOException | SQLException e) {
      throw new IllegalStateException("cannot open " + file + ": " + e.getMessage()
          + "; check that LANTERN_HOME is writable", e);
    }
  }

  /** Records a firing group unless it is already recorded as firing; empty means a duplicate. */
  public synchronized Optional<Long> addIfNew(AlertGroup group, Instant now) throws SQLException {
    try (PreparedStatement find = connection.prepareStatement(
        "SELECT id FROM alert_investigations WHERE group_key = ? AND firing = 1")) {
      find.setString(1, group.groupKey());
      try (ResultSet rows = find.executeQuery()) {
        if (rows.next()) {
          return Optional.empty();
        }
      }
    }
    try (PreparedStatement insert = connection.prepareStatement("""
        INSERT INTO alert_investigations (group_key, title, state, firing, received_at, question, namespace, alert_names)
        VALUES (?, ?, 'queued', 1, ?, ?, ?, ?)""", Statement.RETURN_GENERATED_KEYS)) {
      insert.setString(1, group.groupKey());
      insert.setString(2, group.title());
      insert.setString(3, now.toString());
      insert.setString(4, group.question());
      insert.setString(5, group.namespace());
      insert.setString(6, String.join(",", group.alertNames()));
      insert.executeUpdate();
      try (ResultSet keys = insert.getGeneratedKeys()) {
        keys.next();
        return Optional.of(keys.getLong(1));
      }
    }
  }

  /** The group stopped firing: the next time it fires, it is investigated again. */
  public synchronized int resolved(String groupKey) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE alert_investigations SET firing = 0 WHERE group_key = ? AND firing = 1")) {
      update.setString(1, groupKey);
      return update.executeUpdate();
    }
  }

  public synchronized void state(long id, String state) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement("UPDATE alert_investigations SET state = ? WHERE id = ?")) {
      update.setString(1, state);
      update.setLong(2, id);
      update.executeUpdate();
    }
  }

  public synchronized void finished(long id, boolean completed, String answer, Instant now) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE alert_investigations SET state = ?, answer = ?, finished_at = ? WHERE id = ?")) {
      update.setString(1, completed ? "done" : "failed");
      update.setString(2, answer);
      update.setString(3, now.toString());
      update.setLong(4, id);
      update.executeUpdate();
    }
  }

  public synchronized void delivered(long id) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE alert_investigations SET delivered = 1 WHERE id = ?")) {
      update.setLong(1, id);
      update.executeUpdate();
    }
  }

  /** Investigations a stop interrupted (queued or running): they run again after a restart. */
  public synchronized List<Entry> unfinished() throws SQLException {
    return select("WHERE state IN ('queued', 'running') ORDER BY id", 1000);
  }

  public synchronized List<Entry> recent(int limit) throws SQLException {
    return select("ORDER BY id DESC", limit);
  }

  public synchronized Optional<Entry> get(long id) throws SQLException {
    return select("WHERE id = " + id, 1).stream().findFirst();
  }

  private List<Entry> select(String where, int limit) throws SQLException {
    List<Entry> entries = new ArrayList<>();
    try (PreparedStatement query = connection.prepareStatement("SELECT id, group_key, title, state, firing, received_at, "
        + "finished_at, question, namespace, alert_names, answer, delivered FROM alert_investigations " + where
        + " LIMIT ?")) {
      query.setInt(1, limit);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          entries.add(new Entry(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
              rows.getInt(5) == 1, Instant.parse(rows.getString(6)),
              rows.getString(7) == null ? null : Instant.parse(rows.getString(7)), rows.getString(8), rows.getString(9),
              rows.getString(10), rows.getString(11), rows.getInt(12) == 1));
        }
      }
    }
    return entries;
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // closing: nothing left to lose
    }
  }
}
