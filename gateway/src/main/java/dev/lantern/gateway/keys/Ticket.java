package dev.lantern.gateway.keys;

import dev.lantern.gateway.limits.LimitCounters;
import dev.lantern.gateway.spend.SpendRecord;
import dev.lantern.gateway.spend.SpendWriter;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * One admitted call: holds its parallel-request slots until {@link #close()}, and on {@link
 * #finish} counts its cost against its key and team at once and queues its spend row.
 */
public final class Ticket implements AutoCloseable {
  /** For a gateway without a database (no master key): nothing to count or write. */
  public static final Ticket NONE = new Ticket(null, null, null, null, null, List.of(), () -> 0, null);

  private final Account<VirtualKey> key;
  private final Account<Team> team;
  private final LimitCounters counters;
  private final SpendWriter spend;
  private final String apiKey;
  private final List<LimitCounters.Slot> parallelSlots;
  private final LongSupplier clock;
  private final String limitScopeKey;
  private final AtomicBoolean finished = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final long startMillis;

  Ticket(Account<VirtualKey> key, Account<Team> team, LimitCounters counters, SpendWriter spend, String apiKey,
      List<LimitCounters.Slot> parallelSlots, LongSupplier clock, String limitScopeKey) {
    this.key = key;
    this.team = team;
    this.counters = counters;
    this.spend = spend;
    this.apiKey = apiKey;
    this.parallelSlots = parallelSlots;
    this.clock = clock;
    this.limitScopeKey = limitScopeKey;
    this.startMillis = clock.getAsLong();
  }

  /** A master-key call: no limits, but its spend is logged (under {@code master_key}). */
  static Ticket master(SpendWriter spend, LongSupplier clock) {
    return new Ticket(null, null, null, spend, SpendRecord.MASTER_KEY, List.of(), clock, null);
  }

  /**
   * What the call cost and how it ended.
   *
   * @param modelId the deployment that answered, or null when none did
   */
  public record Outcome(String callId, String callType, String modelGroup, String modelId, String model,
      String endUser, long promptTokens, long completionTokens, double cost, int statusCode) {}

  /** Counts the call once; later calls are ignored (a stream may end in more than one way). */
  public void finish(Outcome outcome) {
    if (apiKey == null || !finished.compareAndSet(false, true)) {
      return;
    }
    long now = clock.getAsLong();
    long tokens = outcome.promptTokens() + outcome.completionTokens();
    VirtualKey record = key == null ? null : key.record();
    String teamId = record == null ? null : record.teamId();
    if (key != null) {
      key.counted(outcome.cost());
      counters.addTokens(limitScopeKey, tokens, now);
    }
    if (team != null) {
      team.counted(outcome.cost());
      counters.addTokens(LimitCounters.teamScope(teamId), tokens, now);
    }
    spend.add(new SpendRecord(UUID.randomUUID().toString(), outcome.callId(), outcome.callType(), apiKey,
        record == null ? null : record.keyAlias(), teamId, record == null ? null : record.userId(),
        outcome.endUser(), outcome.modelGroup(), outcome.modelId(), outcome.model(), outcome.promptTokens(),
        outcome.completionTokens(), tokens, outcome.cost(), outcome.statusCode() < 400 ? "success" : "failure",
        outcome.statusCode(), startMillis, now));
  }

  /** Gives back the parallel-request slots. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      parallelSlots.forEach(LimitCounters.Slot::release);
    }
  }
}
