"use strict";
// The web chat. It talks to the assistant through the same OpenAI-compatible API any client uses
// (POST /v1/chat/completions, streamed, with X-Hermes-Session-Id naming the conversation), and
// reads the session list, search and memory from /api. Everything that comes from the assistant,
// its tools or other chats is set as text (or through LanternMarkdown, which builds elements),
// never as HTML. The key stays in this tab's sessionStorage.
const KEY = "lantern-assistant-key";
const CURRENT = "lantern-assistant-current";
const $ = (id) => document.getElementById(id);
const renderMarkdown = window.LanternMarkdown.render;
let model = "lantern-assistant";
let current = null; // { header, readOnly, id }
let busy = false;

class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function call(path, options) {
  const opts = options || {};
  const headers = Object.assign({ Authorization: "Bearer " + (sessionStorage.getItem(KEY) || "") }, opts.headers || {});
  const response = await fetch(path, Object.assign({}, opts, { headers }));
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    const message = (body.error && body.error.message) || ("HTTP " + response.status);
    if (response.status === 401 && path !== "/v1/models") signOut("The key was refused: type it again.");
    throw new ApiError(response.status, message);
  }
  return response;
}
async function json(path) { return (await call(path)).json(); }

// --- signing in -----------------------------------------------------------------------------
async function signIn(key) {
  sessionStorage.setItem(KEY, key);
  try {
    const models = await json("/v1/models");
    model = (models.data && models.data[0] && models.data[0].id) || model;
    $("model").textContent = "as " + model;
    show(true);
    restoreCurrent();
    loadSessions();
  } catch (e) {
    sessionStorage.removeItem(KEY);
    show(false);
    $("login-error").textContent = e.status === 401 ? "That key was refused." : e.message;
  }
}
function signOut(reason) {
  sessionStorage.removeItem(KEY);
  show(false);
  $("login-error").textContent = reason || "";
}
function show(app) {
  $("login").hidden = app;
  $("app").hidden = !app;
  ["new-chat", "show-memory", "sign-out"].forEach((id) => { $(id).hidden = !app; });
  if (app) $("message").focus();
}

// --- the conversation on screen ---------------------------------------------------------------
function newChat() {
  const random = new Uint8Array(8);
  crypto.getRandomValues(random);
  current = { header: "web-" + Array.from(random, (b) => b.toString(16).padStart(2, "0")).join(""), readOnly: false };
  sessionStorage.setItem(CURRENT, JSON.stringify(current));
  $("transcript").textContent = "";
  $("banner").hidden = true;
  markCurrent();
}
function restoreCurrent() {
  try { current = JSON.parse(sessionStorage.getItem(CURRENT)); } catch (e) { current = null; }
  if (current && current.id) openSession(current.id); else if (!current) newChat();
}
/** A new chat gets its session id once its first answer is stored: found by its header. */
function learnCurrentId(sessions) {
  if (!current || current.id || !current.header) return;
  const mine = sessions.find((s) => s.continue_with === current.header);
  if (mine) { current.id = mine.id; sessionStorage.setItem(CURRENT, JSON.stringify(current)); }
}

function userBubble(text) {
  const div = document.createElement("div");
  div.className = "msg user";
  div.textContent = text;
  $("transcript").appendChild(div);
}
/** An answer block: its tool calls (folded) above its text. */
function answerBlock() {
  const answer = document.createElement("div");
  answer.className = "msg answer";
  const tools = document.createElement("div");
  const body = document.createElement("div");
  body.className = "body";
  answer.append(tools, body);
  $("transcript").appendChild(answer);
  return { answer, tools, body, text: "", calls: new Map() };
}
function toolCall(block, id, name, args) {
  const details = document.createElement("details");
  details.className = "tool";
  const summary = document.createElement("summary");
  summary.textContent = "tool: " + name + (args && args !== "{}" ? " " + args : "") + " …";
  const pre = document.createElement("pre");
  pre.textContent = "running";
  details.append(summary, pre);
  block.tools.appendChild(details);
  block.calls.set(id, { details, summary, pre, name, args });
}
function toolResult(block, id, name, failed, result) {
  if (!block.calls.has(id)) toolCall(block, id, name, "");
  const call = block.calls.get(id);
  call.summary.textContent = "tool: " + call.name + (call.args && call.args !== "{}" ? " " + call.args : "")
    + (failed ? " (failed)" : "");
  call.details.classList.toggle("failed", failed);
  call.pre.textContent = result || "(no output)";
}
function appendText(block, text) {
  block.text += text;
  renderMarkdown(block.text, block.body);
}
function failure(block, message) {
  block.answer.classList.add("error");
  appendText(block, (block.text ? "\n\n" : "") + "**Failed:** " + message);
}
function scrollDown() { window.scrollTo(0, document.body.scrollHeight); }

// --- sending ----------------------------------------------------------------------------------
async function send(text) {
  if (!current || current.readOnly) newChat();
  $("chat-error").textContent = "";
  busy = true;
  $("send").disabled = true;
  userBubble(text);
  const block = answerBlock();
  renderMarkdown("…", block.body);
  scrollDown();
  try {
    const response = await call("/v1/chat/completions", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Hermes-Session-Id": current.header },
      body: JSON.stringify({ model, stream: true, messages: [{ role: "user", content: text }] }),
    });
    await readStream(response, block);
    if (!block.text) renderMarkdown("", block.body);
  } catch (e) {
    failure(block, e.message);
  } finally {
    busy = false;
    $("send").disabled = false;
    scrollDown();
    loadSessions();
  }
}

function readStream(response, block) {
  return window.LanternStream.read(response, (name, data) => {
    if (data === "[DONE]") return false;
    chunk(JSON.parse(data), block);
    return true;
  });
}

function chunk(data, block) {
  if (data.error) { failure(block, data.error.message || String(data.error)); return; }
  const progress = data.tool_progress;
  if (progress) {
    if (progress.status === "started") toolCall(block, progress.id, progress.name, progress.arguments);
    else toolResult(block, progress.id, progress.name, progress.status === "failed", progress.result);
    return;
  }
  const choice = data.choices && data.choices[0];
  if (choice && choice.delta && choice.delta.content) {
    appendText(block, choice.delta.content);
  }
}

// --- earlier conversations --------------------------------------------------------------------
async function loadSessions() {
  const list = $("sessions");
  try {
    const body = await json("/api/sessions?limit=50");
    list.textContent = "";
    learnCurrentId(body.sessions);
    if (!body.sessions.length) { list.appendChild(muted("No conversations yet.")); return; }
    body.sessions.forEach((s) => list.appendChild(sessionButton(s.id, s.title || "(untitled)",
      s.source + " · " + new Date(s.updated_at).toLocaleString(), s.continue_with)));
    markCurrent();
  } catch (e) {
    if (e.status !== 401) { list.textContent = ""; list.appendChild(muted("Could not list conversations: " + e.message)); }
  }
}
function sessionButton(id, title, meta, header) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "session";
  button.dataset.id = id;
  if (header) button.dataset.header = header;
  const t = document.createElement("span"); t.className = "title"; t.textContent = title;
  const m = document.createElement("span"); m.className = "meta"; m.textContent = meta;
  button.append(t, m);
  button.addEventListener("click", () => openSession(id));
  return button;
}
function markCurrent() {
  document.querySelectorAll("#sessions button").forEach((b) => {
    b.classList.toggle("current", !!current && (b.dataset.id === current.id || (!!current.header && b.dataset.header === current.header)));
  });
}
function muted(text) { const s = document.createElement("span"); s.className = "muted"; s.textContent = text; return s; }

async function openSession(id) {
  if (busy) return;
  try {
    const body = await json("/api/sessions/" + encodeURIComponent(id));
    const s = body.session;
    current = s.continue_with ? { header: s.continue_with, readOnly: false, id: s.id } : { readOnly: true, id: s.id };
    sessionStorage.setItem(CURRENT, JSON.stringify(current));
    $("banner").hidden = !current.readOnly && !body.omitted;
    $("banner").textContent = (body.omitted ? body.omitted + " earlier messages are not shown. " : "")
      + (current.readOnly ? "This conversation is from " + s.source + " and is answered there; what you send here starts a new web chat." : "");
    renderTranscript(body.messages);
    markCurrent();
  } catch (e) {
    if (e.status === 404) { newChat(); return; }
    $("chat-error").textContent = "Could not open that conversation: " + e.message;
  }
}

function renderTranscript(messages) {
  $("transcript").textContent = "";
  let block = null;
  messages.forEach((m) => {
    if (m.role === "user") { userBubble(m.content); block = null; return; }
    if (!block) block = answerBlock();
    if (m.role === "tool") { toolResult(block, m.tool_call_id, m.name, false, m.content); return; }
    (m.tool_calls || []).forEach((c) => toolCall(block, c.id, c.name, c.arguments));
    if (m.content) appendText(block, (block.text ? "\n\n" : "") + m.content);
  });
}

async function search(query) {
  const hits = $("hits");
  if (!query) { hits.hidden = true; return; }
  hits.hidden = false;
  hits.textContent = "";
  try {
    const body = await json("/api/sessions/search?q=" + encodeURIComponent(query));
    if (!body.hits.length) { hits.appendChild(muted("Nothing found for “" + query + "”.")); return; }
    body.hits.forEach((h) => {
      const button = sessionButton(h.session_id, h.title || "(untitled)", "", null);
      const meta = button.querySelector(".meta");
      meta.textContent = "";
      // The store marks matches »like this«: shown with <mark>, built as elements.
      h.snippet.split(/(»[^«]*«)/).forEach((piece) => {
        if (piece.startsWith("»") && piece.endsWith("«")) {
          const mark = document.createElement("mark"); mark.textContent = piece.slice(1, -1); meta.appendChild(mark);
        } else if (piece) meta.appendChild(document.createTextNode(piece));
      });
      hits.appendChild(button);
    });
  } catch (e) {
    if (e.status !== 401) hits.appendChild(muted("The search failed: " + e.message));
  }
}

async function toggleMemory() {
  const panel = $("memory");
  if (!panel.hidden) { panel.hidden = true; return; }
  panel.hidden = false;
  panel.textContent = "";
  try {
    const body = await json("/api/memory");
    [["memory", "Memory (the assistant's notes)"], ["user", "About you"]].forEach(([name, title]) => {
      const file = body[name];
      const h = document.createElement("h2"); h.textContent = title + " " + file.usage;
      const ul = document.createElement("ul");
      if (!file.entries.length) ul.appendChild(muted("(empty)"));
      file.entries.forEach((entry) => { const li = document.createElement("li"); li.textContent = entry; ul.appendChild(li); });
      panel.append(h, ul);
    });
  } catch (e) {
    if (e.status !== 401) panel.appendChild(muted("Could not read the memory: " + e.message));
  }
}

$("login-form").addEventListener("submit", (e) => { e.preventDefault(); $("login-error").textContent = ""; signIn($("key").value); $("key").value = ""; });
$("composer").addEventListener("submit", (e) => {
  e.preventDefault();
  const text = $("message").value.trim();
  if (text && !busy) { $("message").value = ""; send(text); }
});
$("message").addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) $("composer").requestSubmit(); });
$("search-form").addEventListener("submit", (e) => { e.preventDefault(); search($("search").value.trim()); });
$("new-chat").addEventListener("click", () => { if (!busy) newChat(); });
$("show-memory").addEventListener("click", toggleMemory);
$("sign-out").addEventListener("click", () => signOut(""));
if (sessionStorage.getItem(KEY)) signIn(sessionStorage.getItem(KEY)); else show(false);
