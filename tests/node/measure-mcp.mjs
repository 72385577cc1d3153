// Used by bench/kube-mcp.sh. Measures a running kube-mcp over Streamable HTTP with the official MCP TypeScript SDK:
// output size of one call, and latency over repeated calls on one session.
// Usage: node measure.mjs <baseURL> <tool> <jsonArguments> <calls>
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [base, tool, args, calls] = process.argv.slice(2);
const client = new Client({ name: "lantern-bench", version: "1.0.0" });
await client.connect(new StreamableHTTPClientTransport(new URL(base + "/mcp")));
const request = { name: tool, arguments: JSON.parse(args) };
const first = await client.callTool(request);
const text = first.content.filter((c) => c.type === "text").map((c) => c.text).join("\n");
const structured = first.structuredContent ? JSON.stringify(first.structuredContent) : "";
for (let i = 0; i < 20; i++) await client.callTool(request); // warm the JIT
const times = [];
for (let i = 0; i < Number(calls); i++) {
  const start = process.hrtime.bigint();
  await client.callTool(request);
  times.push(Number(process.hrtime.bigint() - start) / 1e6);
}
times.sort((a, b) => a - b);
const at = (p) => times[Math.min(times.length - 1, Math.floor(times.length * p))].toFixed(1);
console.log(JSON.stringify({
  tool, args: request.arguments, isError: first.isError ?? false,
  // Two estimates of tokens: a quarter of the characters (the usual rule), and BPE-like pieces
  // (a word, a punctuation mark or a run of spaces each count as one), closer for aligned tables.
  textChars: text.length, approxTokens: Math.round(text.length / 4),
  pieceTokens: (text.match(/[A-Za-z]+|[0-9]+|[^A-Za-z0-9\s]|\s+/g) ?? []).length,
  structuredChars: structured.length,
  firstLine: text.split("\n")[0], lastLine: text.trim().split("\n").pop(),
  p50ms: at(0.5), p99ms: at(0.99), calls: times.length,
}));
await client.close();
