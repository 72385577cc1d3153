package dev.lantern.kube.tool;

/** JSON Schema fragments the tools share, worded as kubernetes-mcp-server words them. */
public final class Schemas {
  /** kubernetes-mcp-server's label selector pattern. */
  public static final String LABEL_SELECTOR_PATTERN = "^([/_.\\\\-A-Za-z0-9=, ()!])+$";
  /** kubernetes-mcp-server's field selector pattern. */
  public static final String FIELD_SELECTOR_PATTERN = "^[.\\\\-A-Za-z0-9]+([=!,]{1,2}[.\\\\-A-Za-z0-9/]+)+$";

  public static final String LABEL_SELECTOR = """
      "labelSelector": {"type": "string", "pattern": "%s",
        "description": "Optional Kubernetes label selector (e.g. 'app=myapp,env=prod' or 'app in (myapp,yourapp)'), use this option when you want to filter the %s by label"}"""
      .formatted(LABEL_SELECTOR_PATTERN, "%s");

  public static final String POD_FIELD_SELECTOR = """
      "fieldSelector": {"type": "string", "pattern": "%s",
        "description": "Optional Kubernetes field selector to filter pods by field values (e.g. 'status.phase=Running', 'spec.nodeName=node1'). Supported fields: metadata.name, metadata.namespace, spec.nodeName, spec.restartPolicy, spec.schedulerName, spec.serviceAccountName, status.phase (Pending/Running/Succeeded/Failed/Unknown), status.podIP, status.nominatedNodeName. Note: CrashLoopBackOff is a container state, not a pod phase, so it cannot be filtered directly."}"""
      .formatted(FIELD_SELECTOR_PATTERN);

  private Schemas() {}

  /** An object schema from property fragments and the names of the required ones. */
  public static String object(String required, String... properties) {
    return "{\"type\": \"object\", \"properties\": {" + String.join(", ", properties) + "}"
        + (required.isEmpty() ? "" : ", \"required\": [" + required + "]") + "}";
  }

  public static String string(String name, String description) {
    return "\"" + name + "\": {\"type\": \"string\", \"description\": \"" + description + "\"}";
  }

  public static String integer(String name, String description) {
    return "\"" + name + "\": {\"type\": \"integer\", \"minimum\": 0, \"description\": \"" + description + "\"}";
  }

  public static String bool(String name, String description) {
    return "\"" + name + "\": {\"type\": \"boolean\", \"description\": \"" + description + "\"}";
  }
}
