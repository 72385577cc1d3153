package dev.lantern.gateway.keys;

/**
 * The live state of one key or team on this replica: the stored record plus the spend this
 * replica has counted but the database may not have yet. Its spend is what budgets are checked
 * against: {@code spend in the database + spend not yet written}.
 */
public final class Account<T> {
  private T record;
  private double storedSpend;
  private double unwritten;
  private Long resetAt;
  private long knownUpdatedAt;
  /** The metrics label of the key (an HMAC of it), set the first time the key is presented. */
  private volatile String label;
  /** The model groups this key called here, for the remaining-requests gauges (at most 32). */
  private final java.util.Set<String> models = java.util.concurrent.ConcurrentHashMap.newKeySet();

  Account(T record, double storedSpend, Long resetAt, long updatedAt) {
    this.record = record;
    this.storedSpend = storedSpend;
    this.resetAt = resetAt;
    this.knownUpdatedAt = updatedAt;
  }

  public synchronized T record() {
    return record;
  }

  public synchronized double spend() {
    return storedSpend + unwritten;
  }

  synchronized Long resetAt() {
    return resetAt;
  }

  /** A call's cost, counted at once; the spend writer stores it later. */
  synchronized void counted(double cost) {
    unwritten += cost;
  }

  /** The spend writer stored {@code cost} of what was counted. */
  synchronized void stored(double cost, long wallMillis) {
    storedSpend += cost;
    unwritten -= cost;
    knownUpdatedAt = Math.max(knownUpdatedAt, wallMillis);
  }

  /**
   * A fresher copy of the row, from this replica's own write or another's: it replaces what we
   * know unless it is older than a spend write we already applied.
   */
  synchronized void reloaded(T fresh, double freshSpend, Long freshResetAt, long updatedAt) {
    if (updatedAt >= knownUpdatedAt) {
      record = fresh;
      storedSpend = freshSpend;
      resetAt = freshResetAt;
      knownUpdatedAt = updatedAt;
    }
  }

  /**
   * Starts a new budget window if the current one ended before {@code now}; false when it has not,
   * or another thread already started it. Spend counted but not yet written belongs to the old
   * window, so the new one starts at minus that amount: once it is written, the new window is at 0.
   */
  synchronized boolean resetIfDue(long now, long nextResetAt, long wallMillis) {
    if (resetAt == null || now < resetAt) {
      return false;
    }
    storedSpend = -unwritten;
    resetAt = nextResetAt;
    knownUpdatedAt = Math.max(knownUpdatedAt, wallMillis);
    return true;
  }

  /** Replaces the record after a management change that does not touch spend. */
  synchronized void replace(T fresh, long updatedAt) {
    record = fresh;
    knownUpdatedAt = Math.max(knownUpdatedAt, updatedAt);
  }

  void calledModel(String model) {
    if (models.size() < 32) {
      models.add(model);
    }
  }

  public java.util.Set<String> calledModels() {
    return java.util.Set.copyOf(models);
  }

  public String label() {
    return label;
  }

  public void label(String label) {
    this.label = label;
  }
}
