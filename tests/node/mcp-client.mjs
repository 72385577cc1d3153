// Drives a Lantern MCP server with the official MCP TypeScript SDK, as an MCP host would.
// Usage: node mcp-client.mjs <baseURL> <streamable|sse> <tool> [jsonArguments]
// Prints one JSON line: the negotiated protocol version, the tool names, and the call's result.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";

const [base, kind, tool, args = "{}"] = process.argv.slice(2);
const transport = kind === "sse"
  ? new SSEClientTransport(new URL(base + "/sse"))
  : new StreamableHTTPClientTransport(new URL(base + "/mcp"));
const client = new Client({ name: "lantern-test", version: "1.0.0" });

try {
  await client.connect(transport);
  const { tools } = await client.listTools();
  const result = await client.callTool({ name: tool, arguments: JSON.parse(args) });
  console.log(JSON.stringify({
    protocolVersion: transport.protocolVersion ?? null,
    server: client.getServerVersion(),
    tools: tools.map((t) => ({ name: t.name, readOnly: t.annotations?.readOnlyHint ?? null })),
    isError: result.isError ?? false,
    text: result.content.filter((c) => c.type === "text").map((c) => c.text).join("\n"),
    structured: result.structuredContent ?? null,
  }));
} catch (e) {
  console.log(JSON.stringify({ thrown: { name: e.constructor.name, message: e.message } }));
} finally {
  await client.close().catch(() => {});
}
