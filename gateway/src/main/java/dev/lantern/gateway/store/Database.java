package dev.lantern.gateway.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lantern.gateway.config.DatabaseSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's database: a small connection pool and the schema, migrated by Flyway from {@code
 * db/gateway} (the same migrations for SQLite and PostgreSQL). It never stops the gateway: when the
 * server is down at start or later, {@link #ready()} says so, callers answer without it, and the
 * next {@link #ensureReady()} tries again.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  private static final long RETRY_NANOS = 5_000_000_000L;

  private final DatabaseSettings settings;
  private final HikariDataSource pool;
  private volatile boolean migrated;
  private volatile boolean reachable;
  private final AtomicLong lastAttempt = new AtomicLong(System.nanoTime() - RETRY_NANOS);

  private Database(DatabaseSettings settings, HikariDataSource pool) {
    this.settings = settings;
    this.pool = pool;
  }

  public static Database open(DatabaseSettings settings) {
    if (!settings.postgres()) {
      createParent(settings.jdbcUrl().substring("jdbc:sqlite:".length()));
    }
    HikariConfig config = new HikariConfig();
    config.setPoolName("gateway-db");
    config.setJdbcUrl(settings.jdbcUrl());
    settings.user().ifPresent(config::setUsername);
    settings.password().ifPresent(config::setPassword);
    // Start even when the server is down; the hot path never waits on it for long.
    config.setInitializationFailTimeout(-1);
    config.setConnectionTimeout(2_000);
    config.setValidationTimeout(1_000);
    if (settings.postgres()) {
      config.setMaximumPoolSize(4);
      config.setMinimumIdle(1);
      config.addDataSourceProperty("connectTimeout", "2");
      config.addDataSourceProperty("socketTimeout", "30");
    } else {
      // One writer at a time is all SQLite allows; WAL lets the key poller read meanwhile.
      config.setMaximumPoolSize(2);
      config.addDataSourceProperty("journal_mode", "WAL");
      config.addDataSourceProperty("busy_timeout", "5000");
      config.addDataSourceProperty("synchronous", "NORMAL");
    }
    Database database = new Database(settings, new HikariDataSource(config));
    database.ensureReady();
    return database;
  }

  private static void createParent(String file) {
    Path parent = Path.of(file).toAbsolutePath().getParent();
    try {
      Files.createDirectories(parent);
    } catch (java.io.IOException e) {
      LOG.error("cannot create {} for the gateway database: {}; set LANTERN_HOME to a writable directory "
          + "or general_settings.database_url", parent, e.getMessage());
    }
  }

  /** True once the schema is in place and the last use of the database worked. */
  public boolean ready() {
    return migrated && reachable;
  }

  /** The URL as it may be shown: no password. */
  public String shown() {
    return settings.shown();
  }

  public DatabaseSettings settings() {
    return settings;
  }

  /** Migrates the schema if that has not worked yet, at most every five seconds; true when ready. */
  public boolean ensureReady() {
    if (migrated) {
      return true;
    }
    long now = System.nanoTime();
    long last = lastAttempt.get();
    if (now - last < RETRY_NANOS || !lastAttempt.compareAndSet(last, now)) {
      return false;
    }
    try {
      Flyway.configure()
          .dataSource(pool)
          .locations("classpath:db/gateway")
          .table("lantern_schema_history")
          .load()
          .migrate();
      migrated = true;
      reachable = true;
      LOG.info("gateway database ready: {}", settings.shown());
      return true;
    } catch (RuntimeException e) {
      reachable = false;
      LOG.warn("gateway database {} is unavailable ({}); the master key keeps working, and the gateway retries",
          settings.shown(), rootMessage(e));
      return false;
    }
  }

  /** A connection from the pool; failures mark the database unreachable until one works again. */
  public Connection connection() throws SQLException {
    if (!migrated && !ensureReady()) {
      throw new SQLException("the gateway database " + settings.shown() + " is not ready");
    }
    try {
      Connection connection = pool.getConnection();
      reachable = true;
      return connection;
    } catch (SQLException e) {
      markDown(e);
      throw e;
    }
  }

  /** Work done in one transaction. */
  public interface Work {
    void run(Connection connection) throws SQLException;
  }

  /** Runs {@code work} in one transaction: all of it is stored, or (on any failure) none of it. */
  public void inTransaction(Work work) throws SQLException {
    try (Connection c = connection()) {
      c.setAutoCommit(false);
      try {
        work.run(c);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  /** Records that a statement failed for want of the server, so readiness says so. */
  public void markDown(Exception cause) {
    if (cause instanceof SQLException sql && refusedData(sql)) {
      return; // the server answered: it is up
    }
    if (reachable) {
      LOG.warn("gateway database {} went away: {}", settings.shown(), rootMessage(cause));
    }
    reachable = false;
  }

  /**
   * True when the statement's data was refused (a value or a constraint: SQLState classes 22 and
   * 23), not the server unreachable: retrying the same rows would fail again.
   */
  public static boolean refusedData(SQLException e) {
    String state = e.getSQLState();
    if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
      return true;
    }
    return e.getMessage() != null && e.getMessage().startsWith("[SQLITE_CONSTRAINT");
  }

  /**
   * What may be logged or shown of a database error: a refused statement's message can quote the
   * row (a key's token, a user), so only its SQLState is given.
   */
  public static String describe(Exception e) {
    if (e instanceof SQLException sql && refusedData(sql)) {
      return "the database refused the data (SQLState " + sql.getSQLState() + ")";
    }
    return rootMessage(e);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
  }

  @Override
  public void close() {
    pool.close();
  }
}
