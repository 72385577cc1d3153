// Drives a Lantern gateway with the official OpenAI Node SDK, as a user's application would.
// Usage: node openai-client.mjs <baseURL> <apiKey> <scenario> [model]
// Prints one JSON line with what the SDK saw. Scenarios: chat, stream, stream-usage, tools,
// tools-stream (the SDK's own stream helper assembles the tool calls and checks every chunk),
// embeddings, models, error.
import OpenAI from "openai";

const [baseURL, apiKey, scenario, model = "free"] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 30_000 });
const messages = [{ role: "user", content: "Say hello" }];
const tools = [{
  type: "function",
  function: {
    name: "get_weather", description: "Weather for a city",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
}];

async function run() {
  switch (scenario) {
    case "chat": {
      const { data, response } = await client.chat.completions.create({ model, messages }).withResponse();
      return {
        text: data.choices[0].message.content,
        usage: data.usage,
        modelGroup: response.headers.get("x-litellm-model-group"),
        fallbacks: response.headers.get("x-litellm-attempted-fallbacks"),
      };
    }
    case "stream":
    case "stream-usage": {
      const stream = await client.chat.completions.create({
        model, messages, stream: true,
        ...(scenario === "stream-usage" ? { stream_options: { include_usage: true } } : {}),
      });
      let text = "";
      let usage = null;
      let chunks = 0;
      for await (const chunk of stream) {
        chunks++;
        text += chunk.choices[0]?.delta?.content ?? "";
        if (chunk.usage) usage = chunk.usage;
      }
      return { text, usage, chunks };
    }
    case "tools": {
      const data = await client.chat.completions.create({ model, messages, tools });
      return { toolCalls: data.choices[0].message.tool_calls, finish: data.choices[0].finish_reason, usage: data.usage };
    }
    case "tools-stream": {
      const stream = client.chat.completions.stream({
        model, messages, tools, stream_options: { include_usage: true },
      });
      const data = await stream.finalChatCompletion();
      return { toolCalls: data.choices[0].message.tool_calls, finish: data.choices[0].finish_reason, usage: data.usage };
    }
    case "embeddings": {
      const result = await client.embeddings.create({ model, input: ["one", "two"] });
      return { count: result.data.length, dimensions: result.data[0].embedding.length, usage: result.usage };
    }
    case "models": {
      const ids = [];
      for await (const m of client.models.list()) ids.push(m.id);
      return { ids };
    }
    case "error": {
      try {
        await client.chat.completions.create({ model, messages });
        return { error: null };
      } catch (e) {
        return { error: { name: e.constructor.name, status: e.status, message: e.message, type: e.type ?? null } };
      }
    }
    default:
      throw new Error(`unknown scenario ${scenario}`);
  }
}

run().then(
  (result) => console.log(JSON.stringify(result)),
  (e) => {
    console.log(JSON.stringify({ thrown: { name: e.constructor.name, status: e.status ?? null, message: e.message } }));
  },
);
