"use strict";
// The markdown every Lantern chat page renders model text with. Model text is untrusted (it can
// quote a pod's log, a web page, a stranger's message), so nothing here ever parses HTML: every
// piece becomes an element built with createElement and filled with textContent, and a link is
// made only for an http(s) URL. A <script> or <img onerror> in an answer stays visible text.
// The subset: ``` fences, # headings, - and 1. lists, > quotes, paragraphs, `code`, **bold**,
// *italic* and [text](https://…). An unclosed fence (a stream still arriving) renders as code.
(function () {
  const INLINE = /(`[^`\n]+`|\*\*[^*\n]+\*\*|\*[^*\s][^*\n]*\*|\[[^\]\n]+\]\([^)\s]+\))/;

  function render(text, into) {
    into.textContent = "";
    String(text == null ? "" : text).split(/^```[^\n]*\n?/m).forEach((part, i) => {
      if (i % 2 === 1) {
        const pre = document.createElement("pre");
        pre.textContent = part.replace(/\n$/, "");
        into.appendChild(pre);
      } else {
        blocks(part, into);
      }
    });
  }

  function blocks(text, into) {
    let list = null;
    let quote = null;
    text.split("\n").forEach((line) => {
      const item = line.match(/^\s*([-*+]|\d+[.)])\s+(.*)$/);
      const heading = line.match(/^(#{1,6})\s+(.*)$/);
      const quoted = line.match(/^>\s?(.*)$/);
      if (item) {
        const ordered = /\d/.test(item[1]);
        if (!list || (list.tagName === "OL") !== ordered) {
          list = document.createElement(ordered ? "ol" : "ul");
          into.appendChild(list);
        }
        quote = null;
        list.appendChild(inline(item[2], document.createElement("li")));
        return;
      }
      list = null;
      if (quoted) {
        if (!quote) { quote = document.createElement("blockquote"); into.appendChild(quote); }
        quote.appendChild(inline(quoted[1], document.createElement("p")));
        return;
      }
      quote = null;
      if (heading) { into.appendChild(inline(heading[2], document.createElement("h4"))); return; }
      if (line.trim() !== "") into.appendChild(inline(line, document.createElement("p")));
    });
  }

  function inline(text, into) {
    text.split(INLINE).forEach((piece) => {
      if (!piece) return;
      into.appendChild(span(piece));
    });
    return into;
  }

  function span(piece) {
    const link = piece.match(/^\[([^\]]+)\]\(([^)\s]+)\)$/);
    if (link && /^https?:\/\//i.test(link[2])) {
      const a = document.createElement("a");
      a.textContent = link[1];
      a.href = link[2];
      a.rel = "noopener noreferrer nofollow";
      a.target = "_blank";
      return a;
    }
    if (piece.length > 2 && piece.startsWith("`") && piece.endsWith("`")) return element("code", piece.slice(1, -1));
    if (piece.length > 4 && piece.startsWith("**") && piece.endsWith("**")) return element("strong", piece.slice(2, -2));
    if (piece.length > 2 && piece.startsWith("*") && piece.endsWith("*")) return element("em", piece.slice(1, -1));
    return document.createTextNode(piece);
  }

  function element(tag, text) {
    const node = document.createElement(tag);
    node.textContent = text;
    return node;
  }

  window.LanternMarkdown = { render: render };
})();
