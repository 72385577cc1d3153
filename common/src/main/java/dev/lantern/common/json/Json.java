package dev.lantern.common.json;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * The one configured Jackson 3 mapper for JSON and the one for YAML.
 *
 * <p>Limits are tighter than Jackson's defaults because every service parses bodies from the
 * network: a hostile body must fail fast with a parse error, never exhaust the 512 MiB pod.
 */
public final class Json {
  /** Deeper than any real chat request or config file, shallow enough to stop stack abuse. */
  public static final int MAX_NESTING_DEPTH = 128;

  private static final StreamReadConstraints LIMITS =
      StreamReadConstraints.builder()
          .maxNestingDepth(MAX_NESTING_DEPTH)
          .maxNumberLength(100)
          .maxStringLength(64 * 1024 * 1024)
          .build();

  public static final JsonMapper MAPPER =
      JsonMapper.builder(JsonFactory.builder().streamReadConstraints(LIMITS).build())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  public static final YAMLMapper YAML =
      YAMLMapper.builder(YAMLFactory.builder().streamReadConstraints(LIMITS).build())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  /**
   * YAML as people write it, for output read by people and models: no document marker, quotes
   * only where YAML needs them (every quote pair is a token a small model pays for).
   */
  public static final YAMLMapper YAML_OUT = YAML.rebuild()
      .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
      .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
      .build();

  public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Json() {}

  public static ObjectNode object() {
    return NODES.objectNode();
  }
}
