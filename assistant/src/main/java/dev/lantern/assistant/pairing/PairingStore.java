package dev.lantern.assistant.pairing;

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
 * The pairing tables in state.db: pending codes, the last request of each stranger, failed
 * approvals per platform, and the users approved so far. They live beside the sessions, on a
 * connection of their own, so that {@code lantern assistant pairing approve} in one process is
 * seen by {@code assistant serve} in another at the next message.
 */
final class PairingStore implements AutoCloseable {
  private static final List<String> SCHEMA = List.of("""
      CREATE TABLE IF NOT EXISTS pairing_codes (
        platform TEXT NOT NULL, code TEXT NOT NULL, user_id INTEGER NOT NULL, chat_id INTEGER NOT NULL,
        user_name TEXT, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, PRIMARY KEY (platform, code))""",
      """
      CREATE TABLE IF NOT EXISTS pairing_requests (
        platform TEXT NOT NULL, user_id INTEGER NOT NULL, last_at INTEGER NOT NULL, PRIMARY KEY (platform, user_id))""",
      """
      CREATE TABLE IF NOT EXISTS pairing_lockouts (
        platform TEXT PRIMARY KEY, failures INTEGER NOT NULL, locked_until INTEGER)""",
      """
      CREATE TABLE IF NOT EXISTS paired_users (
        platform TEXT NOT NULL, user_id INTEGER NOT NULL, user_name TEXT, approved_at INTEGER NOT NULL,
        PRIMARY KEY (platform, user_id))""");

  record Lockout(int failures, Instant lockedUntil) {}

  private final Connection connection;

  private PairingStore(Connection connection) {
    this.connection = connection;
  }

  static PairingStore open(Path stateDb) {
    try {
      Connection connection = DriverManager.getConnection("jdbc:sqlite:" + stateDb.toAbsolutePath());
      try (Statement statement = connection.createStatement()) {
        statement.execute("PRAGMA busy_timeout = 5000");
        statement.execute("PRAGMA journal_mode = WAL");
        for (String ddl : SCHEMA) {
          statement.execute(ddl);
        }
      }
      connection.setAutoCommit(false);
      return new PairingStore(connection);
    } catch (SQLException e) {
      throw new PairingException("cannot open the pairing tables in " + stateDb + ": " + e.getMessage());
    }
  }

  /** Runs {@code work} in one transaction: the checks and the writes of a request or an approval. */
  synchronized <T> T inTransaction(Work<T> work) {
    try {
      T result = work.run();
      connection.commit();
      return result;
    } catch (SQLException e) {
      rollback();
      throw new PairingException("the pairing tables could not be updated: " + e.getMessage());
    } catch (RuntimeException e) {
      rollback();
      throw e;
    }
  }

  @FunctionalInterface
  interface Work<T> {
    T run() throws SQLException;
  }

  void forgetExpired(Instant now, Instant requestsBefore) throws SQLException {
    update("DELETE FROM pairing_codes WHERE expires_at <= ?", now.toEpochMilli());
    update("DELETE FROM pairing_requests WHERE last_at <= ?", requestsBefore.toEpochMilli());
  }

  List<PendingCode> pending(String platform) throws SQLException {
    return codes("WHERE platform = ? ORDER BY created_at", platform);
  }

  List<PendingCode> allPending() throws SQLException {
    return codes("ORDER BY platform, created_at");
  }

  Optional<PendingCode> code(String platform, String code) throws SQLException {
    return codes("WHERE platform = ? AND code = ?", platform, code).stream().findFirst();
  }

  Optional<PendingCode> codeOf(String platform, long userId) throws SQLException {
    return codes("WHERE platform = ? AND user_id = ?", platform, userId).stream().findFirst();
  }

  void addCode(PendingCode code) throws SQLException {
    update("INSERT INTO pairing_codes (platform, code, user_id, chat_id, user_name, created_at, expires_at)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?)", code.platform(), code.code(), code.userId(), code.chatId(), code.userName(),
        code.createdAt().toEpochMilli(), code.expiresAt().toEpochMilli());
  }

  void removeCode(String platform, String code) throws SQLException {
    update("DELETE FROM pairing_codes WHERE platform = ? AND code = ?", platform, code);
  }

  Optional<Instant> lastRequest(String platform, long userId) throws SQLException {
    try (PreparedStatement query = prepare("SELECT last_at FROM pairing_requests WHERE platform = ? AND user_id = ?",
        platform, userId); ResultSet rows = query.executeQuery()) {
      return rows.next() ? Optional.of(Instant.ofEpochMilli(rows.getLong(1))) : Optional.empty();
    }
  }

  void recordRequest(String platform, long userId, Instant at) throws SQLException {
    update("INSERT INTO pairing_requests (platform, user_id, last_at) VALUES (?, ?, ?)"
        + " ON CONFLICT (platform, user_id) DO UPDATE SET last_at = excluded.last_at", platform, userId, at.toEpochMilli());
  }

  Lockout lockout(String platform) throws SQLException {
    try (PreparedStatement query = prepare("SELECT failures, locked_until FROM pairing_lockouts WHERE platform = ?",
        platform); ResultSet rows = query.executeQuery()) {
      if (!rows.next()) {
        return new Lockout(0, null);
      }
      int failures = rows.getInt(1);
      long until = rows.getLong(2);
      return new Lockout(failures, rows.wasNull() ? null : Instant.ofEpochMilli(until));
    }
  }

  void saveLockout(String platform, Lockout lockout) throws SQLException {
    update("INSERT INTO pairing_lockouts (platform, failures, locked_until) VALUES (?, ?, ?) ON CONFLICT (platform)"
        + " DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until", platform,
        lockout.failures(), lockout.lockedUntil() == null ? null : lockout.lockedUntil().toEpochMilli());
  }

  void approve(String platform, long userId, String userName, Instant at) throws SQLException {
    update("INSERT INTO paired_users (platform, user_id, user_name, approved_at) VALUES (?, ?, ?, ?)"
        + " ON CONFLICT (platform, user_id) DO UPDATE SET user_name = excluded.user_name", platform, userId, userName,
        at.toEpochMilli());
  }

  boolean revoke(String platform, long userId) throws SQLException {
    return update("DELETE FROM paired_users WHERE platform = ? AND user_id = ?", platform, userId) > 0;
  }

  boolean isPaired(String platform, long userId) throws SQLException {
    try (PreparedStatement query = prepare("SELECT 1 FROM paired_users WHERE platform = ? AND user_id = ?", platform,
        userId); ResultSet rows = query.executeQuery()) {
      return rows.next();
    }
  }

  List<PairedUser> paired() throws SQLException {
    List<PairedUser> users = new ArrayList<>();
    try (PreparedStatement query = prepare("SELECT platform, user_id, user_name, approved_at FROM paired_users"
        + " ORDER BY platform, approved_at"); ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        users.add(new PairedUser(rows.getString(1), rows.getLong(2), rows.getString(3),
            Instant.ofEpochMilli(rows.getLong(4))));
      }
    }
    return users;
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // closing: nothing left to save
    }
  }

  private List<PendingCode> codes(String clause, Object... values) throws SQLException {
    List<PendingCode> codes = new ArrayList<>();
    try (PreparedStatement query = prepare("SELECT platform, code, user_id, chat_id, user_name, created_at, expires_at"
        + " FROM pairing_codes " + clause, values); ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        codes.add(new PendingCode(rows.getString(1), rows.getString(2), rows.getLong(3), rows.getLong(4),
            rows.getString(5), Instant.ofEpochMilli(rows.getLong(6)), Instant.ofEpochMilli(rows.getLong(7))));
      }
    }
    return codes;
  }

  private int update(String sql, Object... values) throws SQLException {
    try (PreparedStatement statement = prepare(sql, values)) {
      return statement.executeUpdate();
    }
  }

  private PreparedStatement prepare(String sql, Object... values) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    for (int i = 0; i < values.length; i++) {
      statement.setObject(i + 1, values[i]);
    }
    return statement;
  }

  private void rollback() {
    try {
      connection.rollback();
    } catch (SQLException e) {
      // the transaction is gone either way
    }
  }
}
