package dev.lantern.gateway.metrics;

import dev.lantern.gateway.keys.Account;
import dev.lantern.gateway.keys.Admission;
import dev.lantern.gateway.limits.LimitCounters;
import dev.lantern.gateway.keys.Policy;
import dev.lantern.gateway.keys.Team;
import dev.lantern.gateway.keys.VirtualKey;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * LiteLLM's budget and limit gauges for virtual keys and teams, read at scrape time from what this
 * replica holds in memory. A key appears once it has been used here, labelled by the same keyed
 * hash as the request metrics (never the key or its token).
 */
public final class BudgetMetrics {
  private BudgetMetrics() {}

  public static void register(PrometheusRegistry registry, Admission admission) {
    GaugeWithCallback.builder()
        .name("litellm_remaining_api_key_budget_metric")
        .help("Remaining budget for api key")
        .labelNames("hashed_api_key", "api_key_alias")
        .callback(callback -> forEachBudgetedKey(admission, (key, label, max, spend) ->
            callback.call(max - spend, label, alias(key))))
        .register(registry);
    GaugeWithCallback.builder()
        .name("litellm_api_key_max_budget_metric")
        .help("Maximum budget set for api key")
        .labelNames("hashed_api_key", "api_key_alias")
        .callback(callback -> forEachBudgetedKey(admission, (key, label, max, spend) ->
            callback.call(max, label, alias(key))))
        .register(registry);
    GaugeWithCallback.builder()
        .name("litellm_remaining_team_budget_metric")
        .help("Remaining budget for team")
        .labelNames("team", "team_alias")
        .callback(callback -> forEachBudgetedTeam(admission, (team, max, spend) ->
            callback.call(max - spend, team.teamId(), orNone(team.teamAlias()))))
        .register(registry);
    GaugeWithCallback.builder()
        .name("litellm_team_max_budget_metric")
        .help("Maximum budget set for team")
        .labelNames("team", "team_alias")
        .callback(callback -> forEachBudgetedTeam(admission, (team, max, spend) ->
            callback.call(max, team.teamId(), orNone(team.teamAlias()))))
        .register(registry);
    GaugeWithCallback.builder()
        .name("litellm_remaining_api_key_requests_for_model")
        .help("Remaining Requests API Key can make for model (model based rpm limit on key)")
        .labelNames("hashed_api_key", "api_key_alias", "model")
        .callback(callback -> forEachCalledModel(admission, true, callback::call))
        .register(registry);
    GaugeWithCallback.builder()
        .name("litellm_remaining_api_key_tokens_for_model")
        .help("Remaining Tokens API Key can make for model (model based tpm limit on key)")
        .labelNames("hashed_api_key", "api_key_alias", "model")
        .callback(callback -> forEachCalledModel(admission, false, callback::call))
        .register(registry);
  }

  private interface BudgetRow {
    void accept(VirtualKey key, String label, double max, double spend);
  }

  private interface TeamRow {
    void accept(Team team, double max, double spend);
  }

  private static void forEachBudgetedTeam(Admission admission, TeamRow row) {
    for (Account<Team> account : admission.directory().cachedTeams()) {
      Team team = account.record();
      if (team.policy().maxBudget() != null) {
        row.accept(team, team.policy().maxBudget(), account.spend());
      }
    }
  }

  private interface LimitRow {
    void accept(double remaining, String... labels);
  }

  private static void forEachBudgetedKey(Admission admission, BudgetRow row) {
    for (Account<VirtualKey> account : admission.directory().cachedKeys()) {
      VirtualKey key = account.record();
      if (key.policy().maxBudget() != null && account.label() != null) {
        row.accept(key, account.label(), key.policy().maxBudget(), account.spend());
      }
    }
  }

  /** The key's rpm (or tpm) limit minus this minute's count, for each model it called here. */
  private static void forEachCalledModel(Admission admission, boolean requests, LimitRow row) {
    long now = admission.now();
    for (Account<VirtualKey> account : admission.directory().cachedKeys()) {
      VirtualKey key = account.record();
      Policy policy = key.policy();
      Long limit = requests ? policy.rpmLimit() : policy.tpmLimit();
      if (limit == null || account.label() == null) {
        continue;
      }
      String scope = LimitCounters.keyScope(key.token());
      long used = requests ? admission.counters().requestsThisMinute(scope, now)
          : admission.counters().tokensThisMinute(scope, now);
      for (String model : account.calledModels()) {
        row.accept(Math.max(0, limit - used), account.label(), alias(key), model);
      }
    }
  }

  private static String alias(VirtualKey key) {
    return orNone(key.keyAlias());
  }

  private static String orNone(String value) {
    return value == null ? "None" : value;
  }
}
