package dev.lantern.gateway.keys;

import dev.lantern.common.json.Json;
import dev.lantern.gateway.store.Database;
import dev.lantern.gateway.store.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keys and teams in the gateway database. Management writes go straight through; spend changes
 * only by adding deltas ({@link #addSpend}) or by a window reset, so concurrent replicas never
 * overwrite each other's spend.
 */
public final class KeyStore {
  private static final String POLICY_COLUMNS =
      "models, max_budget, budget_duration, rpm_limit, tpm_limit, max_parallel_requests, metadata";
  private static final String KEY_COLUMNS = "token, key_name, key_alias, team_id, user_id, " + POLICY_COLUMNS
      + ", spend, budget_reset_at, expires_at, blocked, created_at, updated_at, deleted";
  private static final String TEAM_COLUMNS = "team_id, team_alias, " + POLICY_COLUMNS
      + ", spend, budget_reset_at, blocked, created_at, updated_at, deleted";
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  /** Changed rows read per query; the poller reads on from the last one when a page is full. */
  public static final int CHANGES_PAGE = 5_000;

  private final Database database;

  public KeyStore(Database database) {
    this.database = database;
  }

  public Database database() {
    return database;
  }

  // ---- keys

  public void insertKey(VirtualKey key) throws SQLException {
    try (Connection c = database.connection();
         PreparedStatement s = c.prepareStatement("INSERT INTO lantern_keys (" + KEY_COLUMNS
             + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, key.token());
      s.setString(2, key.keyName());
      s.setString(3, key.keyAlias());
      s.setString(4, key.teamId());
      s.setString(5, key.userId());
      int next = setPolicy(s, 6, key.policy());
      s.setDouble(next, key.spend());
      Jdbc.setLong(s, next + 1, key.budgetResetAt());
      Jdbc.setLong(s, next + 2, key.expiresAt());
      s.setInt(next + 3, key.blocked() ? 1 : 0);
      s.setLong(next + 4, key.createdAt());
      s.setLong(next + 5, key.updatedAt());
      s.setInt(next + 6, 0);
      s.executeUpdate();
    }
  }

  /** Writes everything but spend, which only {@link #addSpend} and {@link #resetKeyBudget} change. */
  public boolean updateKey(VirtualKey key) throws SQLException {
    try (Connection c = database.connection();
         PreparedStatement s = c.prepareStatement("UPDATE lantern_keys SET key_alias = ?, team_id = ?, user_id = ?, "
             + "models = ?, max_budget = ?, budget_duration = ?, rpm_limit = ?, tpm_limit = ?, max_parallel_requests = ?, "
             + "metadata = ?, budget_reset_at = ?, expires_at = ?, blocked = ?, updated_at = ? "
             + "WHERE token = ? AND deleted = 0")) {
      s.setString(1, key.keyAlias());
      s.setString(2, key.teamId());
      s.setString(3, key.userId());
      int next = setPolicy(s, 4, key.policy());
      Jdbc.setLong(s, next, key.budgetResetAt());
      Jdbc.setLong(s, next + 1, key.expiresAt());
      s.setInt(next + 2, key.blocked() ? 1 : 0);
      s.setLong(next + 3, key.updatedAt());
      s.setString(next + 4, key.token());
      return s.executeUpdate() == 1;
    }
  }

  public Optional<VirtualKey> findKey(String token) throws SQLException {
    List<VirtualKey> found = queryKeys("WHERE token = ? AND deleted = 0", List.of(token), 1, 0);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
  }

  public Optional<VirtualKey> findKeyByAlias(String alias) throws SQLException {
    List<VirtualKey> found = queryKeys("WHERE key_alias = ? AND deleted = 0", List.of(alias), 1, 0);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
  }

  /** Live keys, oldest first, optionally of one team, user or alias. */
  public List<VirtualKey> listKeys(String teamId, String userId, String keyAlias, int limit, int offset)
      throws SQLException {
    StringBuilder where = new StringBuilder("WHERE deleted = 0");
    List<Object> args = new ArrayList<>();
    for (Map.Entry<String, String> filter : filters(teamId, userId, keyAlias)) {
      where.append(" AND ").append(filter.getKey()).append(" = ?");
      args.add(filter.getValue());
    }
    return queryKeys(where + " ORDER BY created_at, token", args, limit, offset);
  }

  public long countKeys(String teamId, String userId, String keyAlias) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM lantern_keys WHERE deleted = 0");
    List<Map.Entry<String, String>> filters = filters(teamId, userId, keyAlias);
    filters.forEach(f -> sql.append(" AND ").append(f.getKey()).append(" = ?"));
    try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < filters.size(); i++) {
        s.setString(i + 1, filters.get(i).getValue());
      }
      try (ResultSet rows = s.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private static List<Map.Entry<String, String>> filters(String teamId, String userId, String keyAlias) {
    List<Map.Entry<String, String>> filters = new ArrayList<>();
    if (teamId != null) {
      filters.add(Map.entry("team_id", teamId));
    }
    if (userId != null) {
      filters.add(Map.entry("user_id", userId));
    }
    if (keyAlias != null) {
      filters.add(Map.entry("key_alias", keyAlias));
    }
    return filters;
  }

  /** Keys changed since a wall-clock time, deleted ones included, for the replicas' pollers. */
  public List<VirtualKey> keysChangedSince(long wallMillis) throws SQLException {
    return queryKeys("WHERE updated_at > ? ORDER BY updated_at", List.of(wallMillis), CHANGES_PAGE, 0);
  }

  /** Soft-deletes keys; returns the tokens that were live. */
  public List<String> deleteKeys(Collection<String> tokens, long wallMillis) throws SQLException {
    List<String> deleted = new ArrayList<>();
    try (Connection c = database.connection();
         PreparedStatement s = c.prepareStatement(
             "UPDATE lantern_keys SET deleted = 1, updated_at = ? WHERE token = ? AND deleted = 0")) {
      for (String token : tokens) {
        s.setLong(1, wallMillis);
        s.setString(2, token);
        if (s.executeUpdate() == 1) {
          deleted.add(token);
        }
      }
    }
    return deleted;
  }

  /**
   * Starts a new budget window unless another replica already did: only the first of them sees a
   * due {@code budget_reset_at} and zeroes the spend.
   */
  public boolean resetKeyBudget(String token, long dueBefore, long nextReset, long wallMillis) throws SQLException {
    return reset("lantern_keys", "token", token, dueBefore, nextReset, wallMillis);
  }

  public boolean resetTeamBudget(String teamId, long dueBefore, long nextReset, long wallMillis) throws SQLException {
    return reset("lantern_teams", "team_id", teamId, dueBefore, nextReset, wallMillis);
  }

  private boolean reset(String table, String idColumn, String id, long dueBefore, long nextReset, long wallMillis)
      throws SQLException {
    try (Connection c = database.connection();
         PreparedStatement s = c.prepareStatement("UPDATE " + table + " SET spend = 0, budget_reset_at = ?, updated_at = ? "
             + "WHERE " + idColumn + " = ? AND budget_reset_at IS NOT NULL AND budget_reset_at <= ?")) {
      s.setLong(1, nextReset);
      s.setLong(2, wallMillis);
      s.setString(3, id);
      s.setLong(4, dueBefore);
      return s.executeUpdate() == 1;
    }
  }

  /** Adds spend deltas to keys and teams on the caller's connection (the spend writer's transaction). */
  public static void addSpend(Connection c, Map<String, Double> byKey, Map<String, Double> byTeam, long wallMillis)
      throws SQLException {
    add(c, "lantern_keys", "token", byKey, wallMillis);
    add(c, "lantern_teams", "team_id", byTeam, wallMillis);
  }

  private static void add(Connection c, String table, String idColumn, Map<String, Double> deltas, long wallMillis)
      throws SQLException {
    if (deltas.isEmpty()) {
      return;
    }
    try (PreparedStatement s = c.prepareStatement(
        "UPDATE " + table + " SET spend = spend + ?, updated_at = ? WHERE " + idColumn + " = ?")) {
      for (Map.Entry<String, Double> delta : deltas.entrySet()) {
        s.setDouble(1, delta.getValue());
        s.setLong(2, wallMillis);
        s.setString(3, delta.getKey());
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private List<VirtualKey> queryKeys(String where, List<?> args, int limit, int offset) throws SQLException {
    try (Connection c = database.connection();
         PreparedStatement s = c.prepareStatement("SELECT " + KEY_COLUMNS + " FROM lantern_keys " + where
             + " LIMIT " + limit + " OFFSET " + offset)) {
      Jdbc.bind(s, args);
      List<VirtualKey> keys = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          keys.add(new VirtualKey(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
              policy(r, 6), r.getDouble(13), Jdbc.getLong(r, 14), Jdbc.getLong(r, 15), r.getInt(16) == 1, r.getLong(17),
              r.getLong(18), r.getInt(19) == 1));
        }
      }
      return keys;
    }
  }

  // ---- teams

  public void insertTeam(Team team) throws SQLException {
    try (Connection c = database.connection();
         PreparedStatement s = c.prepareStatement("INSERT INTO lantern_teams (" + TEAM_COLUMNS
             + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, team.teamId());
      s.setString(2, team.teamAlias());
      int next = setPolicy(s, 3, team.policy());
      s.setDouble(next, team.spend());
      Jdbc.setLong(s, next + 1, team.budgetResetAt());
      s.setInt(next + 2, team.blocked() ? 1 : 0);
      s.setLong(next + 3, team.createdAt());
      s.setLong(next + 4, team.updatedAt());
      s.setInt(next + 5, 0);
      s.executeUpdate();
    }
  }

  public boolean updateTeam(Team team) throws SQLException {
    try (Connection c = database.connection();
         PreparedStatement s = c.prepareStatement("UPDATE lantern_teams SET team_alias = ?, models = ?, max_budget = ?, "
             + "budget_duration = ?, rpm_limit = ?, tpm_limit = ?, max_parallel_requests = ?, metadata = ?, "
             + "budget_reset_at = ?, blocked = ?, updated_at = ? WHERE team_id = ? AND deleted = 0")) {
      s.setString(1, team.teamAlias());
      int next = setPolicy(s, 2, team.policy());
      Jdbc.setLong(s, next, team.budgetResetAt());
      s.setInt(next + 1, team.blocked() ? 1 : 0);
      s.setLong(next + 2, team.updatedAt());
      s.setString(next + 3, team.teamId());
      return s.executeUpdate() == 1;
    }
  }

  /** A team, live or deleted: a deleted team's id stays taken, so old spend logs keep one meaning. */
  public Optional<Team> findTeam(String teamId) throws SQLException {
    List<Team> found = queryTeams("WHERE team_id = ?", List.of(teamId), 1);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
  }

  public List<Team> listTeams(int limit) throws SQLException {
    return queryTeams("WHERE deleted = 0 ORDER BY created_at, team_id", List.of(), limit);
  }

  public List<Team> teamsChangedSince(long wallMillis) throws SQLException {
    return queryTeams("WHERE updated_at > ? ORDER BY updated_at", List.of(wallMillis), CHANGES_PAGE);
  }

  /** Soft-deletes teams and, as LiteLLM does, every key of theirs; returns the tokens of those keys. */
  public List<String> deleteTeams(Collection<String> teamIds, long wallMillis) throws SQLException {
    List<String> tokens = new ArrayList<>();
    database.inTransaction(c -> {
      try (PreparedStatement team = c.prepareStatement(
               "UPDATE lantern_teams SET deleted = 1, updated_at = ? WHERE team_id = ? AND deleted = 0");
           PreparedStatement keysOf = c.prepareStatement(
               "SELECT token FROM lantern_keys WHERE team_id = ? AND deleted = 0");
           PreparedStatement keys = c.prepareStatement(
               "UPDATE lantern_keys SET deleted = 1, updated_at = ? WHERE team_id = ? AND deleted = 0")) {
        for (String id : teamIds) {
          team.setLong(1, wallMillis);
          team.setString(2, id);
          team.executeUpdate();
          keysOf.setString(1, id);
          try (ResultSet rows = keysOf.executeQuery()) {
            while (rows.next()) {
              tokens.add(rows.getString(1));
            }
          }
          keys.setLong(1, wallMillis);
          keys.setString(2, id);
          keys.executeUpdate();
        }
      }
    });
    return tokens;
  }

  private List<Team> queryTeams(String where, List<?> args, int limit) throws SQLException {
    try (Connection c = database.connection();
         PreparedStatement s = c.prepareStatement("SELECT " + TEAM_COLUMNS + " FROM lantern_teams " + where
             + " LIMIT " + limit)) {
      Jdbc.bind(s, args);
      List<Team> teams = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          teams.add(new Team(r.getString(1), r.getString(2), policy(r, 3), r.getDouble(10), Jdbc.getLong(r, 11),
              r.getInt(12) == 1, r.getLong(13), r.getLong(14), r.getInt(15) == 1));
        }
      }
      return teams;
    }
  }

  // ---- columns shared by keys and teams

  private static int setPolicy(PreparedStatement s, int first, Policy policy) throws SQLException {
    s.setString(first, Json.MAPPER.writeValueAsString(policy.models()));
    if (policy.maxBudget() == null) {
      s.setNull(first + 1, Types.DOUBLE);
    } else {
      s.setDouble(first + 1, policy.maxBudget());
    }
    s.setString(first + 2, policy.budgetDuration());
    Jdbc.setLong(s, first + 3, policy.rpmLimit());
    Jdbc.setLong(s, first + 4, policy.tpmLimit());
    if (policy.maxParallelRequests() == null) {
      s.setNull(first + 5, Types.INTEGER);
    } else {
      s.setInt(first + 5, policy.maxParallelRequests());
    }
    s.setString(first + 6, Json.MAPPER.writeValueAsString(policy.metadata()));
    return first + 7;
  }

  private static Policy policy(ResultSet r, int first) throws SQLException {
    List<String> models = Json.MAPPER.readValue(r.getString(first), STRINGS);
    double budget = r.getDouble(first + 1);
    Double maxBudget = r.wasNull() ? null : budget;
    int parallel = r.getInt(first + 5);
    Integer maxParallel = r.wasNull() ? null : parallel;
    ObjectNode metadata = (ObjectNode) Json.MAPPER.readTree(r.getString(first + 6));
    return new Policy(models, maxBudget, r.getString(first + 2), Jdbc.getLong(r, first + 3), Jdbc.getLong(r, first + 4),
        maxParallel, metadata);
  }
}
