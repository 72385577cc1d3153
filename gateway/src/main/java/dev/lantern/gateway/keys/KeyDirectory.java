package dev.lantern.gateway.keys;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.lantern.gateway.spend.SpendWriter;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys and teams as this replica sees them: in memory (Caffeine for keys, a map for the few
 * teams), so checking a key costs no database round trip. Every {@link #POLL_MILLIS} ms it reads
 * the rows changed since its last look, so a key blocked or deleted on any replica stops working
 * on this one within a second; changes made here apply at once.
 */
public final class KeyDirectory implements SpendWriter.Listener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KeyDirectory.class);
  static final long POLL_MILLIS = 400;
  /** Rows are read again for this long after they change: replicas' clocks and commits are not in step. */
  private static final long OVERLAP_MILLIS = 5_000;
  private static final long MAX_KEYS = 20_000;
  /** Pages of changed rows read in one poll at most; the rest waits for the next poll. */
  private static final int MAX_PAGES = 20;

  /** The database could not be asked about a key this replica has not seen yet. */
  public static final class Unavailable extends RuntimeException {
    Unavailable(Throwable cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }

  private final KeyStore store;
  private final LoadingCache<String, Optional<Account<VirtualKey>>> keys;
  private final Map<String, Account<Team>> teams = new ConcurrentHashMap<>();
  private final ScheduledExecutorService poller;
  private volatile long keysSeenUntil;
  private volatile long teamsSeenUntil;
  private volatile boolean teamsLoaded;
  /** Told of every change made on this replica, for the others (through Redis when there is one). */
  private volatile Changes broadcast = Changes.NONE;

  /** Where this replica's own key and team changes are announced. */
  public interface Changes {
    Changes NONE = new Changes() {
      @Override
      public void keyChanged(String token) {}

      @Override
      public void teamChanged(String teamId) {}
    };

    void keyChanged(String token);

    void teamChanged(String teamId);
  }

  public KeyDirectory(KeyStore store) {
    this.store = store;
    this.keys = Caffeine.newBuilder()
        .maximumSize(MAX_KEYS)
        .expireAfter(new Expiry<String, Optional<Account<VirtualKey>>>() {
          // An unknown key is asked again after a second: a key made on another replica appears then.
          @Override
          public long expireAfterCreate(String token, Optional<Account<VirtualKey>> found, long now) {
            return found.isPresent() ? Long.MAX_VALUE : TimeUnit.SECONDS.toNanos(1);
          }

          @Override
          public long expireAfterUpdate(String token, Optional<Account<VirtualKey>> found, long now, long left) {
            return expireAfterCreate(token, found, now);
          }

          @Override
          public long expireAfterRead(String token, Optional<Account<VirtualKey>> found, long now, long left) {
            return left;
          }
        })
        .build(this::load);
    long start = System.currentTimeMillis();
    this.keysSeenUntil = start;
    this.teamsSeenUntil = start;
    loadTeams();
    this.poller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("key-poller").daemon().factory());
    poller.scheduleWithFixedDelay(this::pollQuietly, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
  }

  public KeyStore store() {
    return store;
  }

  /** The live keys this replica holds in memory (those used or changed here). */
  public List<Account<VirtualKey>> cachedKeys() {
    return keys.asMap().values().stream().flatMap(Optional::stream).toList();
  }

  public List<Account<Team>> cachedTeams() {
    return List.copyOf(teams.values());
  }

  public void announceChangesTo(Changes changes) {
    this.broadcast = changes;
  }

  /** Another replica changed this key: read it again now instead of at the next poll. */
  public void reloadKey(String token) {
    if (keys.getIfPresent(token) == null) {
      return;
    }
    try {
      store.findKey(token).ifPresentOrElse(this::applyKeyRow, () -> keys.put(token, Optional.empty()));
    } catch (SQLException | RuntimeException e) {
      store.database().markDown(e);
    }
  }

  /** Another replica changed this team. */
  public void reloadTeam(String teamId) {
    try {
      store.findTeam(teamId).ifPresentOrElse(this::applyTeamRow, () -> teams.remove(teamId));
    } catch (SQLException | RuntimeException e) {
      store.database().markDown(e);
    }
  }

  /** The spend of a key as this replica counts it, if it holds the key; without loading it. */
  public java.util.OptionalDouble liveSpend(String token) {
    Optional<Account<VirtualKey>> cached = keys.getIfPresent(token);
    return cached == null || cached.isEmpty() ? java.util.OptionalDouble.empty()
        : java.util.OptionalDouble.of(cached.get().spend());
  }

  private Optional<Account<VirtualKey>> load(String token) {
    try {
      return store.findKey(token).map(KeyDirectory::account);
    } catch (SQLException | RuntimeException e) {
      store.database().markDown(e);
      throw new Unavailable(e);
    }
  }

  private static Account<VirtualKey> account(VirtualKey key) {
    return new Account<>(key, key.spend(), key.budgetResetAt(), key.updatedAt());
  }

  private static Account<Team> account(Team team) {
    return new Account<>(team, team.spend(), team.budgetResetAt(), team.updatedAt());
  }

  /**
   * The live key with this token, if any.
   *
   * @throws Unavailable when the key is not in memory and the database cannot be asked
   */
  public Optional<Account<VirtualKey>> key(String token) {
    return keys.get(token);
  }

  /** The live team, if any; teams are all in memory once the database has answered. */
  public Optional<Account<Team>> team(String teamId) {
    if (teamId == null) {
      return Optional.empty();
    }
    if (!teamsLoaded) {
      loadTeams();
    }
    return Optional.ofNullable(teams.get(teamId));
  }

  /** After a change made on this replica: applies at once, without waiting for the poller. */
  public void changed(VirtualKey key) {
    broadcast.keyChanged(key.token());
    if (key.deleted()) {
      keys.put(key.token(), Optional.empty());
      return;
    }
    Optional<Account<VirtualKey>> cached = keys.getIfPresent(key.token());
    if (cached != null && cached.isPresent()) {
      cached.get().replace(key, key.updatedAt());
    } else {
      keys.invalidate(key.token());
    }
  }

  public void changed(Team team) {
    broadcast.teamChanged(team.teamId());
    if (team.deleted()) {
      teams.remove(team.teamId());
      return;
    }
    Account<Team> cached = teams.get(team.teamId());
    if (cached != null) {
      cached.replace(team, team.updatedAt());
    } else {
      teams.put(team.teamId(), account(team));
    }
  }

  public void forgetKeys(List<String> tokens) {
    tokens.forEach(token -> {
      keys.put(token, Optional.empty());
      broadcast.keyChanged(token);
    });
  }

  @Override
  public void stored(Map<String, Double> byKey, Map<String, Double> byTeam, long wallMillis) {
    byKey.forEach((token, cost) -> {
      Optional<Account<VirtualKey>> cached = keys.getIfPresent(token);
      if (cached != null) {
        cached.ifPresent(account -> account.stored(cost, wallMillis));
      }
    });
    byTeam.forEach((id, cost) -> {
      Account<Team> account = teams.get(id);
      if (account != null) {
        account.stored(cost, wallMillis);
      }
    });
  }

  private void loadTeams() {
    try {
      for (Team team : store.listTeams(10_000)) {
        teams.computeIfAbsent(team.teamId(), id -> account(team));
      }
      teamsLoaded = true;
    } catch (SQLException | RuntimeException e) {
      store.database().markDown(e);
    }
  }

  private void pollQuietly() {
    try {
      poll();
    } catch (SQLException | RuntimeException e) {
      store.database().markDown(e);
    }
  }

  /** Applies every row changed on any replica since the last poll. */
  void poll() throws SQLException {
    if (!store.database().ensureReady()) {
      return;
    }
    if (!teamsLoaded) {
      loadTeams();
    }
    long since = keysSeenUntil - OVERLAP_MILLIS;
    for (int page = 0; page < MAX_PAGES; page++) {
      List<VirtualKey> rows = store.keysChangedSince(since);
      rows.forEach(this::applyKeyRow);
      if (rows.size() < KeyStore.CHANGES_PAGE) {
        break;
      }
      since = rows.getLast().updatedAt() - 1; // a full page: read on from its last row
    }
    since = teamsSeenUntil - OVERLAP_MILLIS;
    for (int page = 0; page < MAX_PAGES; page++) {
      List<Team> rows = store.teamsChangedSince(since);
      rows.forEach(this::applyTeamRow);
      if (rows.size() < KeyStore.CHANGES_PAGE) {
        break;
      }
      since = rows.getLast().updatedAt() - 1;
    }
  }

  private void applyKeyRow(VirtualKey row) {
    keysSeenUntil = Math.max(keysSeenUntil, row.updatedAt());
    Optional<Account<VirtualKey>> cached = keys.getIfPresent(row.token());
    if (cached == null) {
      return;
    }
    if (row.deleted()) {
      keys.put(row.token(), Optional.empty());
    } else if (cached.isPresent()) {
      cached.get().reloaded(row, row.spend(), row.budgetResetAt(), row.updatedAt());
    } else {
      keys.invalidate(row.token());
    }
  }

  private void applyTeamRow(Team row) {
    teamsSeenUntil = Math.max(teamsSeenUntil, row.updatedAt());
    if (row.deleted()) {
      teams.remove(row.teamId());
      return;
    }
    Account<Team> cached = teams.putIfAbsent(row.teamId(), account(row));
    if (cached != null) {
      cached.reloaded(row, row.spend(), row.budgetResetAt(), row.updatedAt());
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
    if (LOG.isDebugEnabled()) {
      LOG.debug("key directory closed with {} keys cached", keys.estimatedSize());
    }
  }
}
