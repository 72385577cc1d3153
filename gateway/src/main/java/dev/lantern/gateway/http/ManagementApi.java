package dev.lantern.gateway.http;

import dev.lantern.common.json.Json;
import dev.lantern.gateway.config.ModelPattern;
import dev.lantern.common.secret.Secrets;
import dev.lantern.gateway.keys.Account;
import dev.lantern.gateway.keys.Durations;
import dev.lantern.gateway.keys.KeyDirectory;
import dev.lantern.gateway.keys.KeyStore;
import dev.lantern.gateway.keys.Policy;
import dev.lantern.gateway.keys.Team;
import dev.lantern.gateway.keys.VirtualKey;
import dev.lantern.gateway.spend.SpendQueries;
import dev.lantern.gateway.store.Database;
import jakarta.servlet.http.HttpServletRequest;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * LiteLLM's key, team and spend management routes ({@code /key/*}, {@code /team/*}, {@code
 * /spend/logs}, {@code /global/spend/report}), for master-key callers only. A key is returned in
 * full once, by {@code /key/generate}; everywhere else it is its SHA-256 ({@code token}) and its
 * name ({@code sk-...abcd}).
 */
final class ManagementApi {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ManagementApi.class);
  /** The routes, with the method each takes. */
  static final Map<String, String> ROUTES = Map.ofEntries(
      Map.entry("/key/generate", "POST"), Map.entry("/key/info", "GET"), Map.entry("/key/list", "GET"),
      Map.entry("/key/update", "POST"), Map.entry("/key/delete", "POST"), Map.entry("/key/block", "POST"),
      Map.entry("/key/unblock", "POST"), Map.entry("/team/new", "POST"), Map.entry("/team/info", "GET"),
      Map.entry("/team/list", "GET"), Map.entry("/team/update", "POST"), Map.entry("/team/delete", "POST"),
      Map.entry("/team/block", "POST"), Map.entry("/team/unblock", "POST"), Map.entry("/spend/logs", "GET"),
      Map.entry("/global/spend/report", "GET"));

  private static final Set<String> POLICY_FIELDS = Set.of("models", "max_budget", "budget_duration", "rpm_limit",
      "tpm_limit", "max_parallel_requests", "metadata");
  private static final Set<String> KEY_FIELDS = union(POLICY_FIELDS,
      Set.of("key", "key_alias", "team_id", "user_id", "duration", "blocked"));
  private static final Set<String> TEAM_FIELDS = union(POLICY_FIELDS, Set.of("team_id", "team_alias", "blocked"));
  /** LiteLLM fields that change nothing Lantern enforces (labels, alerts, UI settings): accepted and logged. */
  private static final Set<String> IGNORED_LITELLM_FIELDS = Set.of("aliases", "config", "tags", "soft_budget",
      "key_type", "permissions", "send_invite_email", "members_with_roles", "organization_id",
      "allowed_cache_controls", "guardrails", "team_member_permissions", "object_permission", "budget_id");
  /** LiteLLM fields that would limit a key in ways Lantern does not yet: refused, so nobody relies on them. */
  private static final Set<String> UNENFORCED_LITELLM_FIELDS = Set.of("model_max_budget", "model_rpm_limit",
      "model_tpm_limit", "allowed_routes", "enforced_params", "max_budget_in_team");
  private static final Pattern TOKEN = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._@:+-]{1,128}");
  private static final int MAX_METADATA_CHARS = 16_384;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KeyDirectory directory;
  private final KeyStore store;
  private final SpendQueries spend;
  private final LongSupplier clock;
  private final java.util.function.Predicate<String> knownModel;

  ManagementApi(KeyDirectory directory, SpendQueries spend, LongSupplier clock,
      java.util.function.Predicate<String> knownModel) {
    this.directory = directory;
    this.store = directory.store();
    this.spend = spend;
    this.clock = clock;
    this.knownModel = knownModel;
  }

  /** Answers one management route; {@code body} is null for GET routes. */
  JsonNode handle(String path, HttpServletRequest request, ObjectNode body) {
    try {
      return switch (path) {
        case "/key/generate" -> generate(body);
        case "/key/info" -> keyInfo(request.getParameter("key"));
        case "/key/list" -> keyList(request);
        case "/key/update" -> updateKey(body);
        case "/key/delete" -> deleteKeys(body);
        case "/key/block" -> blockKey(body, true);
        case "/key/unblock" -> blockKey(body, false);
        case "/team/new" -> newTeam(body);
        case "/team/info" -> teamInfo(request.getParameter("team_id"));
        case "/team/list" -> teamList();
        case "/team/update" -> updateTeam(body);
        case "/team/delete" -> deleteTeams(body);
        case "/team/block" -> blockTeam(body, true);
        case "/team/unblock" -> blockTeam(body, false);
        case "/spend/logs" -> spend.logs(filter(request), intParam(request, "limit", 1000, 1, SpendQueries.MAX_ROWS));
        case "/global/spend/report" -> spend.report(filter(request), groupBy(request.getParameter("group_by")));
        default -> throw ApiError.of(404, "Unknown management route " + path + ".");
      };
    } catch (SQLException e) {
      if (Database.refusedData(e)) {
        // e.g. a custom key that a deleted key once had: ids of deleted keys and teams stay taken
        throw ApiError.invalid(null, "The database refused this change (SQLState " + e.getSQLState() + "): a key or "
            + "team with this id exists or existed; choose another.");
      }
      throw unavailable(e);
    } catch (KeyDirectory.Unavailable e) {
      throw unavailable(e);
    }
  }

  private ApiError unavailable(Exception e) {
    store.database().markDown(e);
    return ApiError.of(503, "The gateway database (" + store.database().shown() + ") is unavailable: "
        + Database.describe(e) + ". The master key still works; retry key and team changes when it is back.");
  }

  // ---- keys

  private JsonNode generate(ObjectNode body) throws SQLException {
    requireOnly(body, KEY_FIELDS, "/key/generate");
    long now = clock.getAsLong();
    long wall = System.currentTimeMillis();
    String plain = body.has("key") ? customKey(body.get("key")) : "sk-" + randomToken();
    String token = Secrets.sha256Hex(plain);
    if (store.findKey(token).isPresent()) {
      throw ApiError.invalid("key", "This key already exists; choose another or leave 'key' out to get a random one.");
    }
    Policy policy = policy(body, new Policy(List.of(), null, null, null, null, null, Json.object()));
    String teamId = optionalId(body, "team_id");
    String alias = optionalText(body, "key_alias", 256);
    requireTeam(teamId);
    requireUniqueAlias(alias, null);
    Long expires = body.hasNonNull("duration") ? Durations.after(now, duration(body, "duration")) : null;
    Long resetAt = policy.budgetDuration() == null ? null : Durations.after(now, policy.budgetDuration());
    VirtualKey key = new VirtualKey(token, keyName(plain), alias, teamId, optionalText(body, "user_id", 256), policy, 0,
        resetAt, expires, bool(body, "blocked", false), wall, wall, false);
    store.insertKey(key);
    directory.changed(key);
    ObjectNode answer = keyJson(key, key.spend());
    answer.put("key", plain);
    answer.put("token_id", key.token());
    return answer;
  }

  /**
   * {@code GET /key/info} asked with a virtual key, as LiteLLM allows: its own info only (spend,
   * budget, limits), for a caller that wants to know what it has left. Null when it asks for
   * another key, which stays the master key's business.
   */
  public JsonNode ownKeyInfo(String callerToken, String asked) {
    if (asked != null && !asked.isBlank() && !Secrets.constantTimeEquals(callerToken, tokenOf(asked))) {
      return null;
    }
    try {
      return keyInfo(callerToken);
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  private JsonNode keyInfo(String presented) throws SQLException {
    VirtualKey key = findKey(presented, "key");
    ObjectNode answer = Json.object();
    answer.put("key", key.token());
    answer.set("info", keyJson(key, currentSpend(key)));
    return answer;
  }

  private JsonNode keyList(HttpServletRequest request) throws SQLException {
    int page = intParam(request, "page", 1, 1, 1_000_000);
    int size = intParam(request, "size", 10, 1, 1000);
    String teamId = request.getParameter("team_id");
    String userId = request.getParameter("user_id");
    String alias = request.getParameter("key_alias");
    boolean full = "true".equalsIgnoreCase(request.getParameter("return_full_object"));
    long total = store.countKeys(teamId, userId, alias);
    ObjectNode answer = Json.object();
    ArrayNode keys = answer.putArray("keys");
    for (VirtualKey key : store.listKeys(teamId, userId, alias, size, (page - 1) * size)) {
      if (full) {
        keys.add(keyJson(key, currentSpend(key)));
      } else {
        keys.add(key.token());
      }
    }
    answer.put("total_count", total);
    answer.put("current_page", page);
    answer.put("total_pages", (total + size - 1) / size);
    return answer;
  }

  private JsonNode updateKey(ObjectNode body) throws SQLException {
    requireOnly(body, KEY_FIELDS, "/key/update");
    VirtualKey old = findKey(text(body, "key"), "key");
    long now = clock.getAsLong();
    Policy policy = policy(body, old.policy());
    String teamId = body.has("team_id") ? optionalId(body, "team_id") : old.teamId();
    requireTeam(teamId);
    String alias = body.has("key_alias") ? optionalText(body, "key_alias", 256) : old.keyAlias();
    requireUniqueAlias(alias, old.token());
    Long expires = !body.has("duration") ? old.expiresAt()
        : body.get("duration").isNull() ? null : Long.valueOf(Durations.after(now, duration(body, "duration")));
    VirtualKey key = new VirtualKey(old.token(), old.keyName(), alias, teamId,
        body.has("user_id") ? optionalText(body, "user_id", 256) : old.userId(), policy, old.spend(),
        resetAt(old.policy(), policy, old.budgetResetAt(), now), expires, bool(body, "blocked", old.blocked()),
        old.createdAt(), System.currentTimeMillis(), false);
    store.updateKey(key);
    directory.changed(key);
    return keyJson(key, currentSpend(key));
  }

  private JsonNode deleteKeys(ObjectNode body) throws SQLException {
    requireOnly(body, Set.of("keys", "key_aliases"), "/key/delete");
    List<String> tokens = new ArrayList<>();
    for (String presented : strings(body, "keys")) {
      tokens.add(tokenOf(presented));
    }
    for (String alias : strings(body, "key_aliases")) {
      store.findKeyByAlias(alias).ifPresent(key -> tokens.add(key.token()));
    }
    if (tokens.isEmpty()) {
      throw ApiError.invalid("keys", "Name the keys to delete: {\"keys\": [\"sk-...\"]} or {\"key_aliases\": [\"...\"]}.");
    }
    List<String> deleted = store.deleteKeys(tokens, System.currentTimeMillis());
    directory.forgetKeys(deleted);
    if (deleted.isEmpty()) {
      throw ApiError.of(404, "None of those keys exist; GET /key/list shows the keys there are.");
    }
    ObjectNode answer = Json.object();
    ArrayNode list = answer.putArray("deleted_keys");
    deleted.forEach(list::add);
    return answer;
  }

  private JsonNode blockKey(ObjectNode body, boolean blocked) throws SQLException {
    requireOnly(body, Set.of("key"), blocked ? "/key/block" : "/key/unblock");
    VirtualKey old = findKey(text(body, "key"), "key");
    VirtualKey key = new VirtualKey(old.token(), old.keyName(), old.keyAlias(), old.teamId(), old.userId(),
        old.policy(), old.spend(), old.budgetResetAt(), old.expiresAt(), blocked, old.createdAt(),
        System.currentTimeMillis(), false);
    store.updateKey(key);
    directory.changed(key);
    return keyJson(key, currentSpend(key));
  }

  private VirtualKey findKey(String presented, String param) throws SQLException {
    if (presented == null || presented.isBlank()) {
      throw ApiError.invalid(param, "Name the key: its value (sk-...) or its token from /key/list.");
    }
    return store.findKey(tokenOf(presented)).orElseThrow(() -> new ApiError(404, "not_found_error", param, "404",
        "No such key (deleted, or never made here); GET /key/list shows the keys there are."));
  }

  /** A key's value or its token: LiteLLM's management routes take either. */
  private static String tokenOf(String presented) {
    String value = presented.strip();
    return TOKEN.matcher(value).matches() ? value : Secrets.sha256Hex(value);
  }

  /** The spend this replica counts, unwritten calls included; the stored row's when it does not hold the key. */
  private double currentSpend(VirtualKey key) {
    return directory.liveSpend(key.token()).orElse(key.spend());
  }

  private static String customKey(JsonNode value) {
    if (!value.isString() || !value.asString().startsWith("sk-") || value.asString().length() < 20
        || value.asString().length() > 256) {
      throw ApiError.invalid("key", "A custom key must be a string that starts with 'sk-' and has 20 to 256 "
          + "characters; leave 'key' out to get a random one.");
    }
    return value.asString();
  }

  private static String randomToken() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** LiteLLM's recognisable name for a key: the prefix and its last four characters. */
  private static String keyName(String plain) {
    return "sk-..." + plain.substring(plain.length() - 4);
  }

  private void requireUniqueAlias(String alias, String exceptToken) throws SQLException {
    if (alias == null) {
      return;
    }
    Optional<VirtualKey> holder = store.findKeyByAlias(alias);
    if (holder.isPresent() && !holder.get().token().equals(exceptToken)) {
      throw ApiError.invalid("key_alias", "Another key already has key_alias '" + alias + "'; aliases are unique.");
    }
  }

  private void requireTeam(String teamId) throws SQLException {
    if (teamId != null && store.findTeam(teamId).filter(t -> !t.deleted()).isEmpty()) {
      throw ApiError.invalid("team_id", "Team '" + teamId + "' does not exist; create it first with POST /team/new.");
    }
  }

  private static ObjectNode keyJson(VirtualKey key, double spend) {
    ObjectNode json = Json.object();
    json.put("token", key.token());
    json.put("key_name", key.keyName());
    json.put("key_alias", key.keyAlias());
    json.put("spend", spend);
    policyJson(json, key.policy());
    json.put("budget_reset_at", iso(key.budgetResetAt()));
    json.put("expires", iso(key.expiresAt()));
    json.put("user_id", key.userId());
    json.put("team_id", key.teamId());
    json.put("blocked", key.blocked());
    json.put("created_at", iso(key.createdAt()));
    json.put("updated_at", iso(key.updatedAt()));
    return json;
  }

  // ---- teams

  private JsonNode newTeam(ObjectNode body) throws SQLException {
    requireOnly(body, TEAM_FIELDS, "/team/new");
    String teamId = body.has("team_id") ? optionalId(body, "team_id") : null;
    if (teamId == null) {
      teamId = UUID.randomUUID().toString();
    } else if (store.findTeam(teamId).isPresent()) {
      throw ApiError.invalid("team_id", "Team '" + teamId + "' already exists (ids of deleted teams stay taken); "
          + "choose another id or update it with POST /team/update.");
    }
    long now = clock.getAsLong();
    long wall = System.currentTimeMillis();
    Policy policy = policy(body, new Policy(List.of(), null, null, null, null, null, Json.object()));
    Long resetAt = policy.budgetDuration() == null ? null : Durations.after(now, policy.budgetDuration());
    Team team = new Team(teamId, optionalText(body, "team_alias", 256), policy, 0, resetAt,
        bool(body, "blocked", false), wall, wall, false);
    store.insertTeam(team);
    directory.changed(team);
    return teamJson(team, 0);
  }

  private JsonNode teamInfo(String teamId) throws SQLException {
    Team team = findTeam(teamId);
    ObjectNode answer = Json.object();
    answer.put("team_id", team.teamId());
    answer.set("team_info", teamJson(team, teamSpend(team)));
    ArrayNode keys = answer.putArray("keys");
    for (VirtualKey key : store.listKeys(team.teamId(), null, null, 1000, 0)) {
      keys.add(keyJson(key, currentSpend(key)));
    }
    return answer;
  }

  private JsonNode teamList() throws SQLException {
    ArrayNode teams = Json.NODES.arrayNode();
    for (Team team : store.listTeams(10_000)) {
      teams.add(teamJson(team, teamSpend(team)));
    }
    return teams;
  }

  private JsonNode updateTeam(ObjectNode body) throws SQLException {
    requireOnly(body, TEAM_FIELDS, "/team/update");
    Team old = findTeam(text(body, "team_id"));
    long now = clock.getAsLong();
    Policy policy = policy(body, old.policy());
    Team team = new Team(old.teamId(), body.has("team_alias") ? optionalText(body, "team_alias", 256) : old.teamAlias(),
        policy, old.spend(), resetAt(old.policy(), policy, old.budgetResetAt(), now), bool(body, "blocked", old.blocked()),
        old.createdAt(), System.currentTimeMillis(), false);
    store.updateTeam(team);
    directory.changed(team);
    return teamJson(team, teamSpend(team));
  }

  private JsonNode blockTeam(ObjectNode body, boolean blocked) throws SQLException {
    requireOnly(body, Set.of("team_id"), blocked ? "/team/block" : "/team/unblock");
    Team old = findTeam(text(body, "team_id"));
    Team team = new Team(old.teamId(), old.teamAlias(), old.policy(), old.spend(), old.budgetResetAt(), blocked,
        old.createdAt(), System.currentTimeMillis(), false);
    store.updateTeam(team);
    directory.changed(team);
    return teamJson(team, teamSpend(team));
  }

  private JsonNode deleteTeams(ObjectNode body) throws SQLException {
    requireOnly(body, Set.of("team_ids"), "/team/delete");
    List<String> ids = strings(body, "team_ids");
    if (ids.isEmpty()) {
      throw ApiError.invalid("team_ids", "Name the teams to delete: {\"team_ids\": [\"...\"]}.");
    }
    List<Team> teams = new ArrayList<>();
    for (String id : ids) {
      teams.add(findTeam(id));
    }
    long wall = System.currentTimeMillis();
    directory.forgetKeys(store.deleteTeams(ids, wall));
    ObjectNode answer = Json.object();
    ArrayNode deleted = answer.putArray("deleted_teams");
    for (Team team : teams) {
      directory.changed(new Team(team.teamId(), team.teamAlias(), team.policy(), team.spend(), team.budgetResetAt(),
          team.blocked(), team.createdAt(), wall, true));
      deleted.add(team.teamId());
    }
    return answer;
  }

  private Team findTeam(String teamId) throws SQLException {
    if (teamId == null || teamId.isBlank()) {
      throw ApiError.invalid("team_id", "Name the team: team_id.");
    }
    return store.findTeam(teamId).filter(t -> !t.deleted()).orElseThrow(() -> new ApiError(404, "not_found_error",
        "team_id", "404", "No team '" + teamId + "'; GET /team/list shows the teams there are."));
  }

  private double teamSpend(Team team) {
    return directory.team(team.teamId()).map(Account::spend).orElse(team.spend());
  }

  private static ObjectNode teamJson(Team team, double spend) {
    ObjectNode json = Json.object();
    json.put("team_id", team.teamId());
    json.put("team_alias", team.teamAlias());
    json.put("spend", spend);
    policyJson(json, team.policy());
    json.put("budget_reset_at", iso(team.budgetResetAt()));
    json.put("blocked", team.blocked());
    json.put("created_at", iso(team.createdAt()));
    json.put("updated_at", iso(team.updatedAt()));
    return json;
  }

  // ---- fields shared by keys and teams

  /** The policy fields of a request on top of {@code base}: a field left out keeps its value; null clears it. */
  private Policy policy(ObjectNode body, Policy base) {
    List<String> models = body.has("models") ? models(body.get("models")) : base.models();
    Double maxBudget = body.has("max_budget") ? optionalNumber(body, "max_budget", 1e9) : base.maxBudget();
    String budgetDuration = body.has("budget_duration")
        ? (body.get("budget_duration").isNull() ? null : duration(body, "budget_duration")) : base.budgetDuration();
    Long rpm = body.has("rpm_limit") ? optionalCount(body, "rpm_limit") : base.rpmLimit();
    Long tpm = body.has("tpm_limit") ? optionalCount(body, "tpm_limit") : base.tpmLimit();
    Integer parallel = base.maxParallelRequests();
    if (body.has("max_parallel_requests")) {
      Long value = optionalCount(body, "max_parallel_requests");
      if (value != null && value > 100_000) {
        throw ApiError.invalid("max_parallel_requests", "max_parallel_requests must be at most 100000.");
      }
      parallel = value == null ? null : value.intValue();
    }
    ObjectNode metadata = body.has("metadata") ? metadata(body.get("metadata")) : base.metadata();
    return new Policy(models, maxBudget, budgetDuration, rpm, tpm, parallel, metadata);
  }

  /** A new budget duration starts a new window; clearing it ends the resets. */
  private static Long resetAt(Policy old, Policy fresh, Long oldResetAt, long now) {
    if (fresh.budgetDuration() == null) {
      return null;
    }
    if (fresh.budgetDuration().equals(old.budgetDuration()) && oldResetAt != null) {
      return oldResetAt;
    }
    return Durations.after(now, fresh.budgetDuration());
  }

  private List<String> models(JsonNode node) {
    if (node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw ApiError.invalid("models", "models must be a list of model names, e.g. [\"free\"]; [] allows every model.");
    }
    List<String> models = new ArrayList<>();
    for (JsonNode item : node) {
      if (!item.isString()) {
        throw ApiError.invalid("models", "models must be a list of model names (strings).");
      }
      String model = item.asString();
      // A pattern ("openai/*") allows the names it matches, as in LiteLLM; any other name must be served here.
      if (!model.equals(Policy.ALL_MODELS) && !model.equals(Policy.ALL_TEAM_MODELS) && !ModelPattern.isPattern(model)
          && !knownModel.test(model)) {
        throw ApiError.invalid("models", "Model '" + truncate(model) + "' is not in this gateway's model_list; "
            + "GET /v1/models lists them (or use " + Policy.ALL_MODELS + ").");
      }
      if (!models.contains(model)) {
        models.add(model);
      }
    }
    return models;
  }

  private static ObjectNode metadata(JsonNode node) {
    if (node.isNull()) {
      return Json.object();
    }
    if (!node.isObject()) {
      throw ApiError.invalid("metadata", "metadata must be a JSON object.");
    }
    if (Json.MAPPER.writeValueAsString(node).length() > MAX_METADATA_CHARS) {
      throw ApiError.invalid("metadata", "metadata is larger than " + MAX_METADATA_CHARS + " characters.");
    }
    return (ObjectNode) node;
  }

  private static void policyJson(ObjectNode json, Policy policy) {
    ArrayNode models = json.putArray("models");
    policy.models().forEach(models::add);
    if (policy.maxBudget() == null) {
      json.putNull("max_budget");
    } else {
      json.put("max_budget", policy.maxBudget());
    }
    json.put("budget_duration", policy.budgetDuration());
    json.put("rpm_limit", policy.rpmLimit());
    json.put("tpm_limit", policy.tpmLimit());
    json.put("max_parallel_requests", policy.maxParallelRequests());
    json.set("metadata", policy.metadata());
  }

  // ---- reading fields

  private static void requireOnly(ObjectNode body, Set<String> allowed, String route) {
    for (String name : body.propertyNames()) {
      if (IGNORED_LITELLM_FIELDS.contains(name)) {
        LOG.info("{}: ignoring LiteLLM's '{}' (it changes nothing Lantern enforces)", route, name);
        continue;
      }
      if (UNENFORCED_LITELLM_FIELDS.contains(name)) {
        throw ApiError.invalid(name, "'" + name + "' is a LiteLLM field that Lantern does not enforce yet; leave it "
            + "out, or use the key's own max_budget, rpm_limit and tpm_limit.");
      }
      if (!allowed.contains(name)) {
        throw ApiError.invalid(truncate(name), "Unknown field '" + truncate(name) + "' for " + route + "; it takes "
            + String.join(", ", allowed.stream().sorted().toList()) + ".");
      }
    }
  }

  private static String text(ObjectNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || !node.isString() || node.asString().isBlank()) {
      throw ApiError.invalid(field, "'" + field + "' is required and must be a string.");
    }
    return node.asString();
  }

  private static String optionalText(ObjectNode body, String field, int maxLength) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isString() || node.asString().length() > maxLength) {
      throw ApiError.invalid(field, "'" + field + "' must be a string of at most " + maxLength + " characters.");
    }
    return node.asString().isEmpty() ? null : node.asString();
  }

  private static String optionalId(ObjectNode body, String field) {
    String value = optionalText(body, field, 128);
    if (value != null && !ID.matcher(value).matches()) {
      throw ApiError.invalid(field, "'" + field + "' may hold letters, digits and . _ @ : + - only.");
    }
    return value;
  }

  private static boolean bool(ObjectNode body, String field, boolean otherwise) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return otherwise;
    }
    if (!node.isBoolean()) {
      throw ApiError.invalid(field, "'" + field + "' must be true or false.");
    }
    return node.asBoolean();
  }

  private static Double optionalNumber(ObjectNode body, String field, double max) {
    JsonNode node = body.get(field);
    if (node.isNull()) {
      return null;
    }
    if (!node.isNumber() || !Double.isFinite(node.asDouble()) || node.asDouble() < 0 || node.asDouble() > max) {
      throw ApiError.invalid(field, "'" + field + "' must be a number from 0 to " + (long) max + ", or null for none.");
    }
    return node.asDouble();
  }

  private static Long optionalCount(ObjectNode body, String field) {
    JsonNode node = body.get(field);
    if (node.isNull()) {
      return null;
    }
    if (!node.isNumber() || node.asDouble() != Math.rint(node.asDouble()) || node.asDouble() < 0
        || node.asDouble() > 1e12) {
      throw ApiError.invalid(field, "'" + field + "' must be a whole number from 0 up, or null for no limit.");
    }
    return (long) node.asDouble();
  }

  private static String duration(ObjectNode body, String field) {
    JsonNode node = body.get(field);
    if (!node.isString() || !Durations.valid(node.asString())) {
      throw ApiError.invalid(field, "'" + field + "' must be a duration such as \"30s\", \"10m\", \"1h\", \"1d\", "
          + "\"2w\" or \"1mo\".");
    }
    return node.asString();
  }

  private static List<String> strings(ObjectNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray() || node.size() > 1000) {
      throw ApiError.invalid(field, "'" + field + "' must be a list of at most 1000 strings.");
    }
    List<String> values = new ArrayList<>();
    for (JsonNode item : node) {
      if (!item.isString() || item.asString().isBlank()) {
        throw ApiError.invalid(field, "'" + field + "' must be a list of strings.");
      }
      values.add(item.asString());
    }
    return values;
  }

  private static SpendQueries.Filter filter(HttpServletRequest request) {
    String key = request.getParameter("api_key");
    return new SpendQueries.Filter(key == null ? null : key.equals("master_key") ? key : tokenOf(key),
        request.getParameter("user_id"), request.getParameter("team_id"), request.getParameter("request_id"),
        date(request, "start_date", false), date(request, "end_date", true));
  }

  /** A {@code YYYY-MM-DD} (UTC) or ISO instant; an end date includes its whole day. */
  private static Long date(HttpServletRequest request, String name, boolean end) {
    String value = request.getParameter(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      if (value.length() == 10) {
        LocalDate day = LocalDate.parse(value);
        return SpendQueries.startOfDay(end ? day.plusDays(1) : day);
      }
      return Instant.parse(value).toEpochMilli();
    } catch (DateTimeParseException | ArithmeticException e) {
      throw ApiError.invalid(name, "'" + name + "' must be a date as YYYY-MM-DD or an ISO time such as "
          + "2026-12-03T10:00:00Z.");
    }
  }

  private static SpendQueries.GroupBy groupBy(String value) {
    if (value == null || value.isBlank()) {
      return SpendQueries.GroupBy.TEAM;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "team" -> SpendQueries.GroupBy.TEAM;
      case "api_key", "key" -> SpendQueries.GroupBy.API_KEY;
      case "model" -> SpendQueries.GroupBy.MODEL;
      case "user", "customer" -> SpendQueries.GroupBy.USER;
      default -> throw ApiError.invalid("group_by", "group_by must be team, api_key, model or user.");
    };
  }

  private static int intParam(HttpServletRequest request, String name, int otherwise, int min, int max) {
    String value = request.getParameter(name);
    if (value == null || value.isBlank()) {
      return otherwise;
    }
    try {
      int number = Integer.parseInt(value.strip());
      if (number < min || number > max) {
        throw new NumberFormatException();
      }
      return number;
    } catch (NumberFormatException e) {
      throw ApiError.invalid(name, "'" + name + "' must be a whole number from " + min + " to " + max + ".");
    }
  }

  private static String iso(Long millis) {
    return millis == null ? null : Instant.ofEpochMilli(millis).toString();
  }

  private static String truncate(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "...";
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    java.util.HashSet<String> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }
}
