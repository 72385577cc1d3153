// The gateway's admin page. Everything shown comes from the management API; values are always
// set as text (never as HTML), so an alias or an upstream's error message cannot run as code.
"use strict";

const $ = (id) => document.getElementById(id);
const STORAGE = "lantern-gateway-master-key";
let masterKey = sessionStorage.getItem(STORAGE);
let keyAliases = new Map(); // token -> alias, for the spend table

async function api(path, body) {
  const init = { headers: { Authorization: "Bearer " + masterKey } };
  if (body !== undefined) {
    init.method = "POST";
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { /* not JSON */ }
  if (!response.ok) {
    const message = json && json.error && json.error.message ? json.error.message : response.status + " " + text;
    const error = new Error(message);
    error.status = response.status;
    throw error;
  }
  return json;
}

function cell(row, text, className) {
  const td = document.createElement("td");
  td.textContent = text === null || text === undefined ? "" : String(text);
  if (className) td.className = className;
  row.appendChild(td);
  return td;
}

function button(parent, label, className, onClick) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = label;
  b.className = className;
  b.addEventListener("click", onClick);
  parent.appendChild(b);
  return b;
}

const usd = (n) => (n === null || n === undefined ? "–" : "$" + Number(n).toFixed(4));
const models = (list) => (list && list.length ? list.join(", ") : "all");

async function loadKeys() {
  const answer = await api("/key/list?return_full_object=true&size=1000");
  const body = $("keys");
  body.replaceChildren();
  keyAliases = new Map();
  for (const key of answer.keys) {
    keyAliases.set(key.token, key.key_alias || key.key_name);
    const row = document.createElement("tr");
    row.dataset.alias = key.key_alias || "";
    cell(row, key.key_alias || "–");
    cell(row, key.key_name);
    cell(row, models(key.models));
    cell(row, key.team_id || "–");
    cell(row, usd(key.spend), "num spend");
    cell(row, key.max_budget === null ? "–" : usd(key.max_budget) + (key.budget_duration ? " / " + key.budget_duration : ""), "num");
    const limits = [];
    if (key.rpm_limit !== null) limits.push(key.rpm_limit + " rpm");
    if (key.tpm_limit !== null) limits.push(key.tpm_limit + " tpm");
    if (key.max_parallel_requests !== null) limits.push(key.max_parallel_requests + " parallel");
    cell(row, limits.join(", ") || "–");
    cell(row, key.blocked ? "blocked" : key.expires ? "expires " + key.expires : "active", "state");
    const actions = cell(row, "");
    button(actions, key.blocked ? "Unblock" : "Block", "plain", () =>
      act(() => api(key.blocked ? "/key/unblock" : "/key/block", { key: key.token })));
    button(actions, "Delete", "danger", () => {
      if (confirm("Delete key " + (key.key_alias || key.key_name) + "? Apps using it stop working.")) {
        act(() => api("/key/delete", { keys: [key.token] }));
      }
    });
    body.appendChild(row);
  }
}

async function loadTeams() {
  const teams = await api("/team/list");
  const body = $("teams");
  body.replaceChildren();
  for (const team of teams) {
    const row = document.createElement("tr");
    cell(row, team.team_id);
    cell(row, team.team_alias || "–");
    cell(row, models(team.models));
    cell(row, usd(team.spend), "num");
    cell(row, team.max_budget === null ? "–" : usd(team.max_budget), "num");
    cell(row, team.blocked ? "blocked" : "active");
    const actions = cell(row, "");
    button(actions, team.blocked ? "Unblock" : "Block", "plain", () =>
      act(() => api(team.blocked ? "/team/unblock" : "/team/block", { team_id: team.team_id })));
    button(actions, "Delete", "danger", () => {
      if (confirm("Delete team " + team.team_id + " and all its keys?")) {
        act(() => api("/team/delete", { team_ids: [team.team_id] }));
      }
    });
    body.appendChild(row);
  }
}

function spendRows(bodyId, report, listName, nameOf) {
  const totals = new Map();
  for (const day of report) {
    for (const group of day[listName]) {
      const name = nameOf(group);
      const t = totals.get(name) || { requests: 0, tokens: 0, spend: 0 };
      t.requests += group.requests; t.tokens += group.total_tokens; t.spend += group.total_spend;
      totals.set(name, t);
    }
  }
  const body = $(bodyId);
  body.replaceChildren();
  [...totals.entries()].sort((a, b) => b[1].spend - a[1].spend).forEach(([name, t]) => {
    const row = document.createElement("tr");
    cell(row, name);
    cell(row, t.requests, "num");
    cell(row, t.tokens, "num");
    cell(row, t.spend.toFixed(6), "num");
    body.appendChild(row);
  });
}

function drawChart(report) {
  const svg = $("chart");
  const ns = "http://www.w3.org/2000/svg";
  svg.replaceChildren();
  const days = report.map((d) => ({ day: d.group_by_day, spend: d.models.reduce((s, m) => s + m.total_spend, 0) }));
  const width = svg.clientWidth || 800, height = 180, pad = 24;
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  if (!days.length) {
    const t = document.createElementNS(ns, "text");
    t.setAttribute("x", pad); t.setAttribute("y", height / 2); t.textContent = "No spend recorded yet.";
    svg.appendChild(t);
    return;
  }
  const max = Math.max(...days.map((d) => d.spend), 1e-9);
  const slot = (width - 2 * pad) / days.length;
  days.forEach((d, i) => {
    const h = ((height - 2 * pad) * d.spend) / max;
    const bar = document.createElementNS(ns, "rect");
    const barWidth = Math.min(slot * 0.7, 48);
    bar.setAttribute("x", pad + i * slot + (slot - barWidth) / 2);
    bar.setAttribute("y", height - pad - h);
    bar.setAttribute("width", barWidth);
    bar.setAttribute("height", Math.max(h, 1));
    bar.setAttribute("fill", "#2f6fde");
    bar.setAttribute("class", "bar");
    const title = document.createElementNS(ns, "title");
    title.textContent = d.day + ": $" + d.spend.toFixed(6);
    bar.appendChild(title);
    svg.appendChild(bar);
    const label = document.createElementNS(ns, "text");
    label.setAttribute("x", pad + i * slot + slot / 2);
    label.setAttribute("y", height - 6);
    label.setAttribute("text-anchor", "middle");
    label.setAttribute("font-size", "11");
    label.textContent = d.day.slice(5);
    svg.appendChild(label);
  });
}

async function loadSpend() {
  const byModel = await api("/global/spend/report?group_by=model");
  drawChart(byModel);
  spendRows("spend-models", byModel, "models", (g) => g.model);
  const byKey = await api("/global/spend/report?group_by=api_key");
  spendRows("spend-keys", byKey, "api_keys", (g) =>
    g.api_key === "master_key" ? "master key" : keyAliases.get(g.api_key) || g.api_key.slice(0, 12) + "…");
}

async function loadDeployments() {
  const info = await api("/model/info");
  const body = $("deployments");
  body.replaceChildren();
  const states = ["healthy", "recent failure", "cooling down"];
  for (const d of info.data) {
    const row = document.createElement("tr");
    cell(row, d.model_name);
    cell(row, d.litellm_params.model);
    cell(row, d.litellm_params.api_base);
    const state = d.model_info.unavailable || states[d.model_info.state];
    cell(row, state, "state-" + d.model_info.state);
    cell(row, d.model_info.in_flight, "num");
    cell(row, d.model_info.last_failure || "–", "muted");
    body.appendChild(row);
  }
}

async function refresh() {
  await loadKeys();
  await Promise.all([loadTeams(), loadSpend(), loadDeployments()]);
}

async function act(change) {
  try {
    await change();
    await refresh();
  } catch (e) {
    $("key-error").textContent = e.message;
  }
}

function showApp(show) {
  $("login").hidden = show;
  $("app").hidden = !show;
  $("refresh").hidden = !show;
  $("logout").hidden = !show;
  $("who").textContent = show ? "master key" : "";
}

async function login(key) {
  masterKey = key;
  try {
    await api("/key/list?size=1");
    sessionStorage.setItem(STORAGE, key);
    showApp(true);
    await refresh();
  } catch (e) {
    masterKey = null;
    sessionStorage.removeItem(STORAGE);
    showApp(false);
    $("login-error").textContent = e.status === 401 || e.status === 403
      ? "That is not the master key (general_settings.master_key or LITELLM_MASTER_KEY)." : e.message;
  }
}

/** A number, or the text as typed so the gateway's 400 can say what is wrong with it. */
function number(id) {
  const raw = $(id).value.trim();
  if (raw === "") return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : raw;
}

function text(id) {
  const raw = $(id).value.trim();
  return raw === "" ? undefined : raw;
}

$("login-form").addEventListener("submit", (event) => {
  event.preventDefault();
  $("login-error").textContent = "";
  login($("master-key").value.trim());
});

$("key-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("key-error").textContent = "";
  const body = {
    key_alias: text("key-alias"), max_budget: number("key-budget"), budget_duration: text("key-duration"),
    rpm_limit: number("key-rpm"), team_id: text("key-team"),
  };
  const list = text("key-models");
  if (list && list !== "all") body.models = list.split(",").map((m) => m.trim()).filter(Boolean);
  try {
    const created = await api("/key/generate", JSON.parse(JSON.stringify(body)));
    $("new-key-value").textContent = created.key;
    $("new-key").hidden = false;
    $("key-form").reset();
    await refresh();
  } catch (e) {
    $("key-error").textContent = e.message;
  }
});

$("team-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("team-error").textContent = "";
  const body = { team_id: text("team-id"), team_alias: text("team-alias"), max_budget: number("team-budget") };
  try {
    await api("/team/new", JSON.parse(JSON.stringify(body)));
    $("team-form").reset();
    await refresh();
  } catch (e) {
    $("team-error").textContent = e.message;
  }
});

$("refresh").addEventListener("click", () => act(async () => {}));
$("logout").addEventListener("click", () => {
  sessionStorage.removeItem(STORAGE);
  masterKey = null;
  $("new-key").hidden = true;
  showApp(false);
});

if (masterKey) {
  login(masterKey);
}
