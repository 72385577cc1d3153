package dev.lantern.gateway.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/** The few JDBC chores every store repeats: binding arguments and nullable numbers. */
public final class Jdbc {
  private Jdbc() {}

  /** Binds strings and longs, in order, from parameter 1. */
  public static void bind(PreparedStatement statement, List<?> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i) instanceof Long number) {
        statement.setLong(i + 1, number);
      } else {
        statement.setString(i + 1, (String) args.get(i));
      }
    }
  }

  public static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, value);
    }
  }

  public static Long getLong(ResultSet row, int index) throws SQLException {
    long value = row.getLong(index);
    return row.wasNull() ? null : value;
  }
}
