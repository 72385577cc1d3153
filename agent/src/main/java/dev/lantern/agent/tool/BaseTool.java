package dev.lantern.agent.tool;

import tools.jackson.databind.JsonNode;

/** A tool whose name, description, schema and read-only flag are fixed when it is made. */
public abstract class BaseTool implements Tool {
  private final String name;
  private final String description;
  private final JsonNode parameters;
  private final boolean readOnly;

  protected BaseTool(String name, String description, JsonNode parameters, boolean readOnly) {
    this.name = name;
    this.description = description;
    this.parameters = parameters;
    this.readOnly = readOnly;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String description() {
    return description;
  }

  @Override
  public final JsonNode parameters() {
    return parameters;
  }

  @Override
  public final boolean readOnly() {
    return readOnly;
  }
}
