package dev.lantern.gateway.keys;

import dev.lantern.gateway.limits.LimitCounters;
import dev.lantern.gateway.spend.SpendWriter;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a virtual key may make a call, in LiteLLM's order: the key works (not blocked,
 * not expired, its team live), may use the model, is within its and its team's budget, and within
 * their rpm, tpm and parallel limits. Refusals carry LiteLLM's status and error type.
 */
public final class Admission {
  private static final Logger LOG = LoggerFactory.getLogger(Admission.class);

  private final KeyDirectory directory;
  private final LimitCounters counters;
  private final SpendWriter spend;
  private final LongSupplier clock;

  public Admission(KeyDirectory directory, LimitCounters counters, SpendWriter spend, LongSupplier clock) {
    this.directory = directory;
    this.counters = counters;
    this.spend = spend;
    this.clock = clock;
  }

  public KeyDirectory directory() {
    return directory;
  }

  public LimitCounters counters() {
    return counters;
  }

  /** Now, as budgets and limits see it. */
  public long now() {
    return clock.getAsLong();
  }

  public Ticket master() {
    return Ticket.master(spend, clock);
  }

  /** The key is usable at all (for any route): not blocked, not expired, its team live and unblocked. */
  public Optional<Account<Team>> authorize(Account<VirtualKey> account) {
    VirtualKey key = account.record();
    if (key.blocked()) {
      throw Refusal.of(401, "auth_error", "Authentication Error, this key is blocked. An admin can unblock it with "
          + "POST /key/unblock.");
    }
    long now = clock.getAsLong();
    if (key.expired(now)) {
      throw Refusal.of(401, "expired_key", "Authentication Error - Expired Key. Key expired at "
          + Instant.ofEpochMilli(key.expiresAt()) + "; ask an admin for a new key or to extend it with /key/update.");
    }
    if (key.teamId() == null) {
      return Optional.empty();
    }
    Optional<Account<Team>> team = directory.team(key.teamId());
    if (team.isEmpty()) {
      throw Refusal.of(401, "team_not_found", "Authentication Error, this key's team '" + key.teamId()
          + "' no longer exists.");
    }
    if (team.get().record().blocked()) {
      throw Refusal.of(401, "team_blocked", "Authentication Error, team '" + key.teamId() + "' is blocked. An admin "
          + "can unblock it with POST /team/unblock.");
    }
    return team;
  }

  /** True when the key (and its team) may call this model group. */
  public boolean mayUse(Account<VirtualKey> account, Optional<Account<Team>> team, String model) {
    return account.record().policy().allowsModel(model)
        && team.map(t -> t.record().policy().allowsModel(model)).orElse(true);
  }

  /**
   * Admits a call or throws a {@link Refusal}. The ticket must be closed when the call ends.
   */
  public Ticket admit(Account<VirtualKey> account, String model) {
    Optional<Account<Team>> team = authorize(account);
    VirtualKey key = account.record();
    if (!key.policy().allowsModel(model)) {
      throw new Refusal(401, "key_model_access_denied", "model", "key not allowed to access model. This key can "
          + "only access models=" + key.policy().models() + ". Tried to access " + model + ".", OptionalLong.empty());
    }
    if (team.isPresent() && !team.get().record().policy().allowsModel(model)) {
      throw new Refusal(401, "team_model_access_denied", "model", "team not allowed to access model. Team="
          + key.teamId() + " can only access models=" + team.get().record().policy().models() + ". Tried to access "
          + model + ".", OptionalLong.empty());
    }
    long now = clock.getAsLong();
    resetIfDue(account, key.policy().budgetDuration(), now, true, key.token());
    team.ifPresent(t -> resetIfDue(t, t.record().policy().budgetDuration(), now, false, key.teamId()));
    checkBudget(account.spend(), key.policy().maxBudget(), "key" + alias(key));
    if (team.isPresent()) {
      checkBudget(team.get().spend(), team.get().record().policy().maxBudget(), "team '" + key.teamId() + "'");
    }

    String keyScope = LimitCounters.keyScope(key.token());
    List<LimitCounters.Slot> taken = new ArrayList<>(2);
    try {
      limits(keyScope, key.policy(), "key" + alias(key), now, taken);
      if (team.isPresent()) {
        limits(LimitCounters.teamScope(key.teamId()), team.get().record().policy(), "team '" + key.teamId() + "'", now, taken);
      }
    } catch (Refusal refusal) {
      taken.forEach(LimitCounters.Slot::release);
      throw refusal;
    }
    account.calledModel(model);
    return new Ticket(account, team.orElse(null), counters, spend, key.token(), taken, clock, keyScope);
  }

  private static String alias(VirtualKey key) {
    return key.keyAlias() == null ? "" : " '" + key.keyAlias() + "'";
  }

  private static void checkBudget(double spent, Double max, String who) {
    if (max != null && spent >= max) {
      throw Refusal.of(400, "budget_exceeded", String.format(Locale.ROOT,
          "Budget has been exceeded! Current cost: %s, Max budget: %s (%s). An admin can raise max_budget; with a "
              + "budget_duration the spend resets when the window ends.", trim(spent), trim(max), who));
    }
  }

  private static String trim(double amount) {
    return java.math.BigDecimal.valueOf(amount).setScale(8, java.math.RoundingMode.HALF_UP).stripTrailingZeros()
        .toPlainString();
  }

  private void limits(String scope, Policy policy, String who, long now, List<LimitCounters.Slot> taken) {
    if (policy.tpmLimit() != null && counters.tokensThisMinute(scope, now) >= policy.tpmLimit()) {
      throw limited(who + " reached its tpm_limit of " + policy.tpmLimit() + " tokens per minute",
          LimitCounters.secondsToNextMinute(now));
    }
    if (policy.maxParallelRequests() != null) {
      LimitCounters.Slot slot = counters.tryAcquireParallel(scope, policy.maxParallelRequests());
      if (slot == null) {
        throw limited(who + " already has " + policy.maxParallelRequests() + " requests in flight "
            + "(max_parallel_requests)", 1);
      }
      taken.add(slot);
    }
    if (policy.rpmLimit() != null && !counters.tryRequest(scope, policy.rpmLimit(), now)) {
      throw limited(who + " reached its rpm_limit of " + policy.rpmLimit() + " requests per minute",
          LimitCounters.secondsToNextMinute(now));
    }
  }

  private static Refusal limited(String what, long retryAfter) {
    return new Refusal(429, "rate_limit_error", null, "Rate limit reached: " + what + ". Try again in " + retryAfter
        + " s.", OptionalLong.of(retryAfter));
  }

  /** Starts a new budget window when the old one is over (once across replicas, through the database). */
  private void resetIfDue(Account<?> account, String duration, long now, boolean isKey, String id) {
    Long resetAt = account.resetAt();
    if (duration == null || resetAt == null || now < resetAt) {
      return;
    }
    long next = Durations.after(now, duration);
    // Spend counted in the old window is written first, so the database adds it to that window.
    spend.flush();
    long wall = System.currentTimeMillis();
    if (!account.resetIfDue(now, next, wall)) {
      return; // another request started the new window meanwhile
    }
    try {
      KeyStore store = directory.store();
      if (isKey) {
        store.resetKeyBudget(id, now, next, wall);
      } else {
        store.resetTeamBudget(id, now, next, wall);
      }
    } catch (SQLException e) {
      directory.store().database().markDown(e);
      LOG.warn("budget window reset not stored ({}); this replica starts the new window anyway", e.getMessage());
    }
  }
}
