package dev.lantern.kube.output;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plain-text table as kubectl prints it: upper-case headers, columns padded to their widest
 * cell and three spaces apart. Rendering stops adding rows at a size cap, so a small model gets a
 * readable prefix and a count instead of a truncated line.
 */
public final class Table {
  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  public Table(List<String> headers) {
    this.headers = List.copyOf(headers);
  }

  public static Table of(String... headers) {
    return new Table(List.of(headers));
  }

  public Table row(String... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException("a row of " + cells.length + " cells for " + headers.size() + " columns");
    }
    List<String> row = new ArrayList<>(cells.length);
    for (String cell : cells) {
      row.add(cell == null || cell.isEmpty() ? "<none>" : cell.replace('\n', ' '));
    }
    rows.add(row);
    return this;
  }

  public int size() {
    return rows.size();
  }

  public List<String> headers() {
    return headers;
  }

  /** The rows as objects keyed by lower-case header, for structuredContent. */
  public List<Map<String, String>> records(int limit) {
    List<Map<String, String>> records = new ArrayList<>();
    for (List<String> row : rows.subList(0, Math.min(limit, rows.size()))) {
      Map<String, String> record = new LinkedHashMap<>();
      for (int i = 0; i < headers.size(); i++) {
        record.put(key(headers.get(i)), row.get(i));
      }
      records.add(record);
    }
    return records;
  }

  /** The table with as many rows as fit in {@code maxChars}; {@link Rendered#shown()} says how many. */
  public Rendered render(int maxChars) {
    int[] widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = headers.get(i).length();
    }
    for (List<String> row : rows) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, headers, widths);
    int shown = 0;
    StringBuilder next = new StringBuilder();
    for (List<String> row : rows) {
      next.setLength(0);
      line(next, row, widths);
      if (out.length() + next.length() > maxChars) {
        break;
      }
      out.append(next);
      shown++;
    }
    return new Rendered(out.toString(), shown, rows.size());
  }

  private static void line(StringBuilder out, List<String> cells, int[] widths) {
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      out.append(cell);
      if (i < cells.size() - 1) {
        out.append(" ".repeat(widths[i] - cell.length() + 3));
      }
    }
    out.append('\n');
  }

  private static String key(String header) {
    return header.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
  }

  /** A rendered table: the text, and how many of the rows it holds. */
  public record Rendered(String text, int shown, int total) {
    public boolean cut() {
      return shown < total;
    }
  }
}
