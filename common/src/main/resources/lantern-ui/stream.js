"use strict";
// Reads a server-sent event stream from a fetch() response, calling onEvent(name, data) for each
// event as it arrives (name is null for unnamed events; data is the joined data: lines). A
// callback that returns false stops the reading, as OpenAI's "[DONE]" asks.
(function () {
  async function read(response, onEvent) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, "\n");
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const lines = buffer.slice(0, cut).split("\n");
        buffer = buffer.slice(cut + 2);
        const name = lines.filter((l) => l.startsWith("event:")).map((l) => l.slice(6).trim())[0] || null;
        const data = lines.filter((l) => l.startsWith("data:")).map((l) => l.slice(5).replace(/^ /, "")).join("\n");
        if (!name && !data) continue;
        if (onEvent(name, data) === false) { reader.cancel().catch(() => {}); return; }
      }
    }
  }
  window.LanternStream = { read: read };
})();
