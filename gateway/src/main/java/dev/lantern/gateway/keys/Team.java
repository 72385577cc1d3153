package dev.lantern.gateway.keys;

/**
 * A team: its budget, limits and model list apply to every key that names it, on top of the
 * key's own (LiteLLM: "if a key belongs to a team, the team budget is applied").
 */
public record Team(String teamId, String teamAlias, Policy policy, double spend, Long budgetResetAt, boolean blocked,
    long createdAt, long updatedAt, boolean deleted) {}
