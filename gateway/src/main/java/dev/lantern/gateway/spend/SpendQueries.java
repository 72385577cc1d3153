package dev.lantern.gateway.spend;

import dev.lantern.common.json.Json;
import dev.lantern.gateway.store.Database;
import dev.lantern.gateway.store.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Reads the spend log for {@code /spend/logs} and {@code /global/spend/report}, in LiteLLM's shapes. */
public final class SpendQueries {
  public static final int MAX_ROWS = 10_000;

  /** Which calls to read: each filter is optional; {@code from} and {@code to} are Unix ms, {@code to} exclusive. */
  public record Filter(String apiKey, String userId, String teamId, String requestId, Long from, Long to) {}

  /** How {@code /global/spend/report} groups each day's spend. */
  public enum GroupBy {
    TEAM("team_id", "teams", "team_name"),
    API_KEY("api_key", "api_keys", "api_key"),
    MODEL("model_group", "models", "model"),
    USER("user_id", "users", "user_id");

    final String column;
    final String listName;
    final String nameField;

    GroupBy(String column, String listName, String nameField) {
      this.column = column;
      this.listName = listName;
      this.nameField = nameField;
    }
  }

  private final Database database;

  public SpendQueries(Database database) {
    this.database = database;
  }

  public ArrayNode logs(Filter filter, int limit) throws SQLException {
    List<Object> args = new ArrayList<>();
    String where = where(filter, args);
    ArrayNode rows = Json.NODES.arrayNode();
    try (Connection c = database.connection();
         PreparedStatement s = c.prepareStatement("SELECT request_id, call_id, call_type, api_key, key_alias, team_id, "
             + "user_id, end_user, model_group, model_id, model, prompt_tokens, completion_tokens, total_tokens, spend, "
             + "status, status_code, start_time, end_time FROM lantern_spend_logs" + where
             + " ORDER BY start_time DESC, request_id LIMIT " + Math.min(limit, MAX_ROWS))) {
      Jdbc.bind(s, args);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          ObjectNode row = rows.addObject();
          row.put("request_id", r.getString(1));
          row.put("call_id", r.getString(2));
          row.put("call_type", r.getString(3));
          row.put("api_key", r.getString(4));
          row.put("team_id", r.getString(6));
          row.put("user", r.getString(7));
          row.put("end_user", r.getString(8));
          row.put("model_group", r.getString(9));
          row.put("model_id", r.getString(10));
          row.put("model", r.getString(11));
          row.put("prompt_tokens", r.getLong(12));
          row.put("completion_tokens", r.getLong(13));
          row.put("total_tokens", r.getLong(14));
          row.put("spend", r.getDouble(15));
          row.put("status", r.getString(16));
          row.put("status_code", r.getInt(17));
          row.put("startTime", Instant.ofEpochMilli(r.getLong(18)).toString());
          row.put("endTime", Instant.ofEpochMilli(r.getLong(19)).toString());
          row.putObject("metadata").put("user_api_key_alias", r.getString(5));
        }
      }
    }
    return rows;
  }

  /**
   * Spend per day (UTC), and within each day per team, key, model or user, each with its spend per
   * model: {@code [{group_by_day, teams: [{team_name, total_spend, total_tokens, requests, metadata: [...]}]}]}.
   */
  public ArrayNode report(Filter filter, GroupBy groupBy) throws SQLException {
    List<Object> args = new ArrayList<>();
    String where = where(filter, args);
    // Integer division gives the UTC day on both SQLite and PostgreSQL.
    String sql = "SELECT start_time / 86400000 AS day, " + groupBy.column + ", model_group, SUM(spend), "
        + "SUM(total_tokens), COUNT(*) FROM lantern_spend_logs" + where + " GROUP BY start_time / 86400000, "
        + groupBy.column + ", model_group ORDER BY 1, 2, 3";
    Map<Long, Map<String, ObjectNode>> days = new LinkedHashMap<>();
    try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
      Jdbc.bind(s, args);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          long day = r.getLong(1);
          String name = r.getString(2);
          ObjectNode group = days.computeIfAbsent(day, d -> new LinkedHashMap<>()).computeIfAbsent(
              name == null ? "" : name, n -> {
                ObjectNode g = Json.object();
                if (name == null) {
                  g.putNull(groupBy.nameField);
                } else {
                  g.put(groupBy.nameField, name);
                }
                g.put("total_spend", 0.0).put("total_tokens", 0L).put("requests", 0L).putArray("metadata");
                return g;
              });
          double spend = r.getDouble(4);
          long tokens = r.getLong(5);
          long requests = r.getLong(6);
          group.put("total_spend", group.get("total_spend").asDouble() + spend);
          group.put("total_tokens", group.get("total_tokens").asLong() + tokens);
          group.put("requests", group.get("requests").asLong() + requests);
          ((ArrayNode) group.get("metadata")).addObject().put("model", r.getString(3)).put("spend", spend)
              .put("total_tokens", tokens).put("requests", requests);
        }
      }
    }
    ArrayNode report = Json.NODES.arrayNode();
    days.forEach((day, groups) -> {
      ObjectNode entry = report.addObject();
      entry.put("group_by_day", LocalDate.ofEpochDay(day).toString());
      ArrayNode list = entry.putArray(groupBy.listName);
      groups.values().forEach(list::add);
    });
    return report;
  }

  /** The start of a UTC day, for date filters. */
  public static long startOfDay(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  private static String where(Filter filter, List<Object> args) {
    List<String> clauses = new ArrayList<>();
    add(clauses, args, "api_key = ?", filter.apiKey());
    add(clauses, args, "user_id = ?", filter.userId());
    add(clauses, args, "team_id = ?", filter.teamId());
    add(clauses, args, "request_id = ?", filter.requestId());
    add(clauses, args, "start_time >= ?", filter.from());
    add(clauses, args, "start_time < ?", filter.to());
    return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
  }

  private static void add(List<String> clauses, List<Object> args, String clause, Object value) {
    if (value != null) {
      clauses.add(clause);
      args.add(value);
    }
  }
}
