package dev.lantern.agent.llm;

import tools.jackson.databind.JsonNode;

/** A tool as the model sees it: an OpenAI function definition. */
public record ToolSpec(String name, String description, JsonNode parameters) {}
