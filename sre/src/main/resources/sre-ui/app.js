"use strict";
// Everything from the model or the cluster is untrusted: it is only ever set as textContent,
// never as HTML, so a <script> or <img onerror> in an answer stays text.
const STORE = "lantern-sre-conversation";
const KEY = "lantern-sre-key";
const $ = (id) => document.getElementById(id);
let state = load();

function load() {
  try { return JSON.parse(localStorage.getItem(STORE)) || { history: [], turns: [] }; }
  catch (e) { return { history: [], turns: [] }; }
}
function save() { localStorage.setItem(STORE, JSON.stringify(state)); }

function headers() {
  const h = { "Content-Type": "application/json" };
  const key = localStorage.getItem(KEY);
  if (key) h["X-API-Key"] = key;
  return h;
}
async function api(path, options) {
  let response = await fetch(path, Object.assign({ headers: headers() }, options || {}));
  if (response.status === 401) {
    const key = prompt("This SRE service wants its API key (SRE_API_KEY):");
    if (key) { localStorage.setItem(KEY, key); response = await fetch(path, Object.assign({}, options || {}, { headers: headers() })); }
  }
  return response;
}

const renderMarkdown = window.LanternMarkdown.render;

function toolElement(call) {
  const details = document.createElement("details");
  details.className = "tool" + (call.failed ? " failed" : "");
  const summary = document.createElement("summary");
  summary.textContent = "tool: " + call.name + (call.args && call.args !== "{}" ? " " + call.args : "") + (call.result == null ? " …" : "");
  const pre = document.createElement("pre");
  pre.textContent = call.result == null ? "running" : call.result;
  details.append(summary, pre);
  return details;
}

function renderTurn(turn) {
  const user = document.createElement("div"); user.className = "msg user"; user.textContent = turn.ask;
  const answer = document.createElement("div"); answer.className = "msg answer" + (turn.error ? " error" : "");
  const tools = document.createElement("div");
  turn.tools.forEach((call) => tools.appendChild(toolElement(call)));
  const body = document.createElement("div"); body.className = "body";
  renderMarkdown(turn.answer || (turn.done ? "" : "…"), body);
  answer.append(tools, body);
  $("transcript").append(user, answer);
  return { answer, tools, body };
}
function renderAll() { $("transcript").textContent = ""; state.turns.forEach(renderTurn); }

async function ask(text) {
  const turn = { ask: text, tools: [], answer: "", done: false, error: null };
  state.turns.push(turn); save();
  const view = renderTurn(turn);
  $("send").disabled = true;
  try {
    const response = await api("/api/chat", { method: "POST", body: JSON.stringify({ ask: text, stream: true,
      conversation_history: state.history.length ? state.history : undefined }) });
    if (!response.ok || !response.body) {
      const body = await response.json().catch(() => ({}));
      throw new Error(body.detail || ("HTTP " + response.status));
    }
    await window.LanternStream.read(response, (event, data) => handle(event, JSON.parse(data || "{}"), turn, view));
  } catch (e) {
    turn.error = String(e.message || e); turn.answer = (turn.answer ? turn.answer + "\n\n" : "") + "**Failed:** " + turn.error;
    view.answer.classList.add("error"); renderMarkdown(turn.answer, view.body);
  } finally {
    turn.done = true; save(); $("send").disabled = false; loadSide();
  }
}

function handle(event, data, turn, view) {
  if (event === "ai_answer_delta") { turn.answer += data.content || ""; renderMarkdown(turn.answer, view.body); }
  else if (event === "ai_message") { turn.answer = ""; renderMarkdown("", view.body); }
  else if (event === "start_tool_calling") {
    turn.tools.push({ id: data.id, name: data.tool_name, args: "", result: null });
    view.tools.appendChild(toolElement(turn.tools[turn.tools.length - 1]));
  } else if (event === "tool_calling_result") {
    const call = turn.tools.find((c) => c.id === data.tool_call_id) || {};
    const result = data.result || {};
    call.failed = result.status === "error";
    call.result = result.status === "error" ? result.error : (result.data || "(no data)");
    call.args = typeof result.params === "object" ? JSON.stringify(result.params) : String(result.params || "");
    view.tools.textContent = ""; turn.tools.forEach((c) => view.tools.appendChild(toolElement(c)));
  } else if (event === "error") { turn.error = data.msg; view.answer.classList.add("error"); }
  else if (event === "ai_answer_end") {
    turn.answer = data.analysis || turn.answer; state.history = data.conversation_history || state.history;
    renderMarkdown(turn.answer, view.body);
  }
  save();
}

async function loadSide() {
  try {
    const findings = await api("/api/findings");
    const body = await findings.json();
    $("findings").textContent = body.report || ("Could not run the analyzers: " + (body.error || body.detail || findings.status));
  } catch (e) { $("findings").textContent = "Could not load findings: " + e.message; }
  try {
    const response = await api("/api/investigations");
    const body = await response.json();
    const list = $("investigations"); list.textContent = "";
    if (!body.investigations || !body.investigations.length) { list.textContent = "No alerts received yet."; return; }
    body.investigations.forEach((inv) => {
      const item = document.createElement("details"); item.className = "item";
      const summary = document.createElement("summary");
      const badge = document.createElement("span"); badge.className = "state " + inv.state; badge.textContent = inv.state;
      summary.append(badge, document.createTextNode(" " + inv.title + " · " + new Date(inv.received_at).toLocaleString()));
      const answer = document.createElement("div"); renderMarkdown(inv.answer || "(not finished)", answer);
      item.append(summary, answer); list.appendChild(item);
    });
  } catch (e) { $("investigations").textContent = "Could not load investigations: " + e.message; }
}

$("ask-form").addEventListener("submit", (e) => { e.preventDefault(); const text = $("ask").value.trim(); if (text) { $("ask").value = ""; ask(text); } });
$("ask").addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) $("ask-form").requestSubmit(); });
$("new-chat").addEventListener("click", () => { state = { history: [], turns: [] }; save(); renderAll(); });
$("refresh").addEventListener("click", loadSide);
api("/api/model").then((r) => r.json()).then((b) => { $("model").textContent = "model: " + JSON.parse(b.model_name).join(", "); }).catch(() => {});
renderAll(); loadSide();
