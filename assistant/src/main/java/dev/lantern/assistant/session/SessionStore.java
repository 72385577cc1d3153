package dev.lantern.assistant.session;

import dev.lantern.agent.llm.Message;
import dev.lantern.agent.llm.WireFormat;
import dev.lantern.assistant.cron.Job;
import dev.lantern.common.json.Json;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions and their messages in {@code state.db}: SQLite in WAL mode, with an FTS5 index over
 * message text for {@code session_search}.
 *
 * <p>Durability: each completed turn is written in one transaction, so a crash or a kill at any
 * moment loses at most the turn in flight, and the next start finds a consistent database (SQLite
 * replays or discards the WAL). The schema version lives in {@code PRAGMA user_version}; with one
 * embedded schema that is all the migration machinery needed (Flyway would add start-up time and a
 * dependency for a list of two statements).
 */
public final class SessionStore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SessionStore.class);
  private static final int SCHEMA_VERSION = 3;
  /**
   * The owner of the home ({@code memory.scope: user}); sessions saved before sessions had owners
   * were everyone's, which in a one-user home means the owner's, so they count as the owner's.
   */
  public static final String OWNER = "owner";
  private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final String[] SCHEMA = {
      """
      CREATE TABLE IF NOT EXISTS sessions (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        model TEXT,
        title TEXT,
        started_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        ended_at INTEGER)""",
      """
      CREATE TABLE IF NOT EXISTS messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        role TEXT NOT NULL,
        content TEXT NOT NULL,
        message TEXT NOT NULL,
        created_at INTEGER NOT NULL)""",
      "CREATE INDEX IF NOT EXISTS messages_by_session ON messages(session_id, id)",
      "CREATE VIRTUAL TABLE IF NOT EXISTS messages_fts USING fts5(content, content='messages', content_rowid='id')",
      """
      CREATE TRIGGER IF NOT EXISTS messages_fts_insert AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
      END""",
      """
      CREATE TRIGGER IF NOT EXISTS messages_fts_delete AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
      END""",
      // Version 2: what the messaging front ends need to lose nothing across restarts.
      "CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
      """
      CREATE TABLE IF NOT EXISTS inbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        chat TEXT NOT NULL,
        user_id INTEGER NOT NULL,
        text TEXT NOT NULL,
        received_at INTEGER NOT NULL)""",
      """
      CREATE TABLE IF NOT EXISTS jobs (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        schedule TEXT NOT NULL,
        prompt TEXT NOT NULL,
        chat TEXT NOT NULL,
        next_run INTEGER,
        last_run INTEGER,
        paused INTEGER NOT NULL DEFAULT 0,
        last_status TEXT)"""
  };

  private final Connection connection;

  private SessionStore(Connection connection) {
    this.connection = connection;
  }

  public static SessionStore open(Path file) {
    Connection connection = null;
    try {
      connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement statement = connection.createStatement()) {
        statement.execute("PRAGMA busy_timeout = 5000");
        statement.execute("PRAGMA journal_mode = WAL");
        // NORMAL is durable against a killed process in WAL mode; only a power cut can lose the last commit.
        statement.execute("PRAGMA synchronous = NORMAL");
        statement.execute("PRAGMA foreign_keys = ON");
        // SQLite's own allocations are invisible to the JVM: a 2 MiB page cache, and a soft cap on the rest.
        statement.execute("PRAGMA cache_size = -2048");
        statement.execute("PRAGMA soft_heap_limit = 8388608");
        int version = intQuery(statement, "PRAGMA user_version");
        if (version > SCHEMA_VERSION) {
          throw new SessionStoreException(file + " was written by a newer Lantern (schema " + version
              + "); upgrade Lantern or move the file away");
        }
        connection.setAutoCommit(false);
        for (String ddl : SCHEMA) {
          statement.execute(ddl);
        }
        if (version < 3) {
          // Version 3: whose session it is, for memory.scope: user (null: everyone's, as before).
          statement.execute("ALTER TABLE sessions ADD COLUMN owner TEXT");
        }
        statement.execute("PRAGMA user_version = " + SCHEMA_VERSION);
        connection.commit();
      }
      return new SessionStore(connection);
    } catch (SQLException | SessionStoreException e) {
      closeQuietly(connection);
      if (e instanceof SessionStoreException refused) {
        throw refused;
      }
      throw new SessionStoreException("cannot open the session database " + file + ": " + e.getMessage()
          + ". If it is damaged, move it away and start again");
    }
  }

  public synchronized String startSession(String source, String model) {
    return startSession(source, model, null);
  }

  /** @param owner whose session it is under {@code memory.scope: user}; null when everyone shares */
  public synchronized String startSession(String source, String model, String owner) {
    long now = Instant.now().toEpochMilli();
    String id = ID_TIME.format(Instant.ofEpochMilli(now)) + "-" + Integer.toHexString(ThreadLocalRandom.current()
        .nextInt(0x1000, 0x10000));
    update("INSERT INTO sessions (id, source, model, started_at, updated_at, owner) VALUES (?, ?, ?, ?, ?, ?)", id,
        source, model, now, now, owner);
    return id;
  }

  public synchronized void endSession(String id) {
    update("UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL", Instant.now().toEpochMilli(), id);
  }

  /** Appends the messages of one turn in one transaction: all of them or none. */
  public synchronized void appendTurn(String sessionId, List<Message> messages) {
    appendTurn(sessionId, messages, List.of());
  }

  /**
   * Appends a turn and, in the same transaction, forgets the inbox messages it answered: after a
   * crash either both happened or neither, so a message is never answered twice.
   */
  public synchronized void appendTurn(String sessionId, List<Message> messages, List<Long> answeredInbox) {
    if (messages.isEmpty() && answeredInbox.isEmpty()) {
      return;
    }
    long now = Instant.now().toEpochMilli();
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO messages (session_id, role, content, message, created_at) VALUES (?, ?, ?, ?, ?)")) {
      for (Message message : messages) {
        insert.setString(1, sessionId);
        insert.setString(2, message.role().wire());
        insert.setString(3, searchable(message));
        insert.setString(4, Json.MAPPER.writeValueAsString(WireFormat.message(message)));
        insert.setLong(5, now);
        insert.addBatch();
      }
      insert.executeBatch();
      String title = messages.stream().filter(m -> m.role() == dev.lantern.agent.llm.Role.USER).findFirst()
          .map(m -> abbreviate(m.content(), 80)).orElse(null);
      try (PreparedStatement touch = connection.prepareStatement(
          "UPDATE sessions SET updated_at = ?, title = COALESCE(title, ?) WHERE id = ?")) {
        touch.setLong(1, now);
        touch.setString(2, title);
        touch.setString(3, sessionId);
        touch.executeUpdate();
      }
      try (PreparedStatement forget = connection.prepareStatement("DELETE FROM inbox WHERE id = ?")) {
        for (long id : answeredInbox) {
          forget.setLong(1, id);
          forget.addBatch();
        }
        forget.executeBatch();
      }
      connection.commit();
    } catch (SQLException e) {
      rollback();
      throw new SessionStoreException("cannot save the turn: " + e.getMessage());
    }
  }

  /** Every message of a session, oldest first. */
  public synchronized List<Message> messages(String sessionId) {
    List<Message> messages = new ArrayList<>();
    try (PreparedStatement query = connection.prepareStatement(
        "SELECT message FROM messages WHERE session_id = ? ORDER BY id")) {
      query.setString(1, sessionId);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          messages.add(WireFormat.message(Json.MAPPER.readTree(rows.getString(1))));
        }
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      rollback();
      throw new SessionStoreException("cannot read the session " + sessionId + ": " + e.getMessage()
          + ". Start a new session (without --continue)");
    }
    return messages;
  }

  /** The most recently updated session of a source ("cli", "telegram:…") that has messages, if any. */
  public synchronized Optional<SessionInfo> latest(String source) {
    List<SessionInfo> sessions = sessions("WHERE source = ? AND EXISTS (SELECT 1 FROM messages m WHERE"
        + " m.session_id = sessions.id) ORDER BY updated_at DESC, id DESC LIMIT 1", source);
    return sessions.stream().findFirst();
  }

  /** The most recently updated sessions that have messages, newest first. */
  public synchronized List<SessionInfo> recent(int limit) {
    return sessions("WHERE EXISTS (SELECT 1 FROM messages m WHERE m.session_id = sessions.id)"
        + " ORDER BY updated_at DESC, rowid DESC LIMIT ?", limit);
  }

  public synchronized Optional<SessionInfo> session(String id) {
    return sessions("WHERE id = ?", id).stream().findFirst();
  }

  /**
   * Full-text search over every message: the best matching messages with a snippet each, best
   * first. The query is treated as words, never as FTS5 syntax, so any text is a valid query.
   */
  public synchronized List<SearchHit> search(String query, int limit, String excludeSession) {
    return search(query, limit, excludeSession, null);
  }

  /** The same, over {@code owner}'s sessions only; a null owner searches everyone's. */
  public synchronized List<SearchHit> search(String query, int limit, String excludeSession, String owner) {
    String match = ftsQuery(query);
    if (match.isEmpty()) {
      return List.of();
    }
    List<SearchHit> hits = new ArrayList<>();
    try (PreparedStatement search = connection.prepareStatement("""
        SELECT m.session_id, m.role, m.created_at, snippet(messages_fts, 0, '»', '«', '…', 24), s.title
        FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid JOIN sessions s ON s.id = m.session_id
        WHERE messages_fts MATCH ? AND m.session_id IS NOT ?
          AND (? IS NULL OR s.owner = ? OR (s.owner IS NULL AND ? = ?))
        ORDER BY bm25(messages_fts) LIMIT ?""")) {
      search.setString(1, match);
      search.setString(2, excludeSession);
      search.setString(3, owner);
      search.setString(4, owner);
      search.setString(5, owner);
      search.setString(6, OWNER);
      search.setInt(7, limit);
      try (ResultSet rows = search.executeQuery()) {
        while (rows.next()) {
          hits.add(new SearchHit(rows.getString(1), rows.getString(5), rows.getString(2),
              Instant.ofEpochMilli(rows.getLong(3)), rows.getString(4)));
        }
      }
      connection.commit();
    } catch (SQLException e) {
      rollback();
      throw new SessionStoreException("the search failed: " + e.getMessage());
    }
    return hits;
  }

  /** A small durable value, such as a polling offset. */
  public synchronized Optional<String> setting(String key) {
    try {
      Optional<String> value;
      try (PreparedStatement query = connection.prepareStatement("SELECT value FROM settings WHERE key = ?")) {
        query.setString(1, key);
        try (ResultSet rows = query.executeQuery()) {
          value = rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
        }
      }
      // Only after the statement is closed: SQLite keeps a read open past COMMIT while a statement
      // is still stepping, and a later write on that old snapshot fails with SQLITE_BUSY_SNAPSHOT
      // once another connection (the pairing CLI, a cron command) has written.
      connection.commit();
      return value;
    } catch (SQLException e) {
      rollback();
      throw new SessionStoreException("cannot read the setting " + key + ": " + e.getMessage());
    }
  }

  public synchronized void putSetting(String key, String value) {
    update("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        key, value);
  }

  /**
   * Keeps an incoming message, together with the polling offset that acknowledges it, in one
   * transaction: once the platform is told "received", the message is on disk until its turn ends.
   */
  public synchronized long receive(String chat, long userId, String text, String offsetKey, String offset) {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO inbox (chat, user_id, text, received_at) VALUES (?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS);
        PreparedStatement acknowledge = connection.prepareStatement(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")) {
      insert.setString(1, chat);
      insert.setLong(2, userId);
      insert.setString(3, text);
      insert.setLong(4, Instant.now().toEpochMilli());
      insert.executeUpdate();
      long id;
      try (ResultSet keys = insert.getGeneratedKeys()) {
        id = keys.next() ? keys.getLong(1) : -1;
      }
      acknowledge.setString(1, offsetKey);
      acknowledge.setString(2, offset);
      acknowledge.executeUpdate();
      connection.commit();
      return id;
    } catch (SQLException e) {
      rollback();
      throw new SessionStoreException("cannot keep the incoming message: " + e.getMessage());
    }
  }

  /** Messages received but not yet answered, oldest first (after a crash or a restart). */
  public synchronized List<InboxItem> inbox() {
    List<InboxItem> items = new ArrayList<>();
    try (PreparedStatement query = connection.prepareStatement(
        "SELECT id, chat, user_id, text, received_at FROM inbox ORDER BY id")) {
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          items.add(new InboxItem(rows.getLong(1), rows.getString(2), rows.getLong(3), rows.getString(4),
              Instant.ofEpochMilli(rows.getLong(5))));
        }
      }
      connection.commit();
    } catch (SQLException e) {
      rollback();
      throw new SessionStoreException("cannot read the inbox: " + e.getMessage());
    }
    return items;
  }

  /** Forgets inbox messages whose turn has been answered and saved. */
  public synchronized void answered(List<Long> inboxIds) {
    for (long id : inboxIds) {
      update("DELETE FROM inbox WHERE id = ?", id);
    }
  }

  /** Creates or replaces a scheduled job. */
  public synchronized void saveJob(Job job) {
    update("INSERT INTO jobs (id, name, schedule, prompt, chat, next_run, last_run, paused, last_status)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name,"
        + " schedule = excluded.schedule, prompt = excluded.prompt, chat = excluded.chat, next_run = excluded.next_run,"
        + " last_run = excluded.last_run, paused = excluded.paused, last_status = excluded.last_status",
        job.id(), job.name(), job.schedule(), job.prompt(), job.chat(), millis(job.nextRun()), millis(job.lastRun()),
        job.paused() ? 1 : 0, job.lastStatus());
  }

  public synchronized List<Job> jobs() {
    List<Job> jobs = new ArrayList<>();
    try (PreparedStatement query = connection.prepareStatement(
        "SELECT id, name, schedule, prompt, chat, next_run, last_run, paused, last_status FROM jobs ORDER BY id")) {
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          jobs.add(new Job(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
              rows.getString(5), instant(rows, 6), instant(rows, 7), rows.getInt(8) != 0, rows.getString(9)));
        }
      }
      connection.commit();
    } catch (SQLException e) {
      rollback();
      throw new SessionStoreException("cannot read the jobs: " + e.getMessage());
    }
    return jobs;
  }

  public synchronized Optional<Job> job(String id) {
    return jobs().stream().filter(job -> job.id().equals(id)).findFirst();
  }

  public synchronized boolean deleteJob(String id) {
    boolean existed = job(id).isPresent();
    update("DELETE FROM jobs WHERE id = ?", id);
    return existed;
  }

  private static Long millis(Instant instant) {
    return instant == null ? null : instant.toEpochMilli();
  }

  private static Instant instant(ResultSet rows, int column) throws SQLException {
    long value = rows.getLong(column);
    return rows.wasNull() ? null : Instant.ofEpochMilli(value);
  }

  /** Runs SQLite's own consistency check; "ok" when the file is sound. */
  public synchronized String integrityCheck() {
    try {
      String result;
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("PRAGMA integrity_check")) {
        result = rows.next() ? rows.getString(1) : "no answer";
      }
      connection.commit();
      return result;
    } catch (SQLException e) {
      return e.getMessage();
    }
  }

  public synchronized int messageCount() {
    try (Statement statement = connection.createStatement()) {
      int count = intQuery(statement, "SELECT count(*) FROM messages");
      connection.commit();
      return count;
    } catch (SQLException e) {
      throw new SessionStoreException("cannot count messages: " + e.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      log.debug("closing the session database", e);
    }
  }

  /** Words as quoted FTS5 strings, so that operators and quotes in the query are just text. */
  static String ftsQuery(String query) {
    List<String> terms = new ArrayList<>();
    for (String word : query.split("[^\\p{L}\\p{N}_.-]+")) {
      String term = word.replaceAll("^[.-]+|[.-]+$", "");
      if (!term.isEmpty() && terms.size() < 16) {
        terms.add("\"" + term + "\"");
      }
    }
    return String.join(" OR ", terms);
  }

  private List<SessionInfo> sessions(String clause, Object... values) {
    List<SessionInfo> sessions = new ArrayList<>();
    try (PreparedStatement query = connection.prepareStatement(
        "SELECT id, source, model, title, started_at, updated_at FROM sessions " + clause)) {
      bind(query, values);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          sessions.add(new SessionInfo(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
              Instant.ofEpochMilli(rows.getLong(5)), Instant.ofEpochMilli(rows.getLong(6))));
        }
      }
      connection.commit();
    } catch (SQLException e) {
      throw new SessionStoreException("cannot list sessions: " + e.getMessage());
    }
    return sessions;
  }

  private void update(String sql, Object... values) {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, values);
      statement.executeUpdate();
      connection.commit();
    } catch (SQLException e) {
      rollback();
      throw new SessionStoreException("cannot update the session database: " + e.getMessage());
    }
  }

  private static void bind(PreparedStatement statement, Object... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      statement.setObject(i + 1, values[i]);
    }
  }

  private void rollback() {
    try {
      connection.rollback();
    } catch (SQLException e) {
      log.debug("rollback failed", e);
    }
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // already failing
      }
    }
  }

  private static int intQuery(Statement statement, String sql) throws SQLException {
    try (ResultSet rows = statement.executeQuery(sql)) {
      return rows.next() ? rows.getInt(1) : 0;
    }
  }

  /** What is indexed: the text, plus tool names and arguments, which are often what one looks for. */
  private static String searchable(Message message) {
    StringBuilder text = new StringBuilder(message.content());
    message.toolCalls().forEach(call -> text.append(' ').append(call.name()).append(' ').append(call.arguments()));
    return text.toString();
  }

  private static String abbreviate(String text, int max) {
    String line = text.replaceAll("\\s+", " ").strip();
    return line.length() <= max ? line : line.substring(0, max) + "…";
  }
}
