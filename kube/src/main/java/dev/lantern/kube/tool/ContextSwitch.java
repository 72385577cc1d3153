package dev.lantern.kube.tool;

import dev.lantern.common.json.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import tools.jackson.databind.node.ObjectNode;

/**
 * kubernetes-mcp-server's multi-cluster mode: when the kubeconfig has several contexts, every tool
 * that reads the cluster takes an optional {@code context}, and runs against that context's
 * cluster. A context's tools are built the first time one is named, so a kubeconfig with ten
 * contexts costs one client until the model asks for another.
 */
final class ContextSwitch {
  private final ToolContext home;
  private final Function<ToolContext, List<KubeTool>> build;
  private final Map<String, Map<String, KubeTool>> toolsByContext = new ConcurrentHashMap<>();

  /**
   * @param home  the current context, whose tools answer when no {@code context} is given
   * @param build builds the plain tools over another context
   */
  ContextSwitch(ToolContext home, Function<ToolContext, List<KubeTool>> build) {
    this.home = home;
    this.build = build;
  }

  /** The tool with {@code context} in its schema, dispatching on it. */
  KubeTool wrap(KubeTool tool) {
    return new KubeTool(tool.name(), tool.title(), tool.description(), withContextParameter(tool.inputSchema()),
        tool.idempotent(), args -> call(tool, args));
  }

  private ToolResult call(KubeTool tool, Args args) throws ToolError {
    Optional<String> context = args.string("context");
    if (context.isEmpty() || context.get().equals(home.cluster().currentContext())) {
      return tool.handler().call(args);
    }
    return toolsIn(context.get()).get(tool.name()).handler().call(args);
  }

  private Map<String, KubeTool> toolsIn(String context) throws ToolError {
    if (!home.cluster().contextNames().contains(context)) {
      throw new ToolError("unknown context '" + context + "'; configuration_contexts_list lists them: "
          + String.join(", ", home.cluster().contextNames()));
    }
    try {
      return toolsByContext.computeIfAbsent(context, name -> build.apply(home.withCluster(home.cluster().inContext(name)))
          .stream().collect(Collectors.toMap(KubeTool::name, Function.identity())));
    } catch (IllegalArgumentException unusable) {
      throw new ToolError(unusable.getMessage());
    }
  }

  private String withContextParameter(String inputSchema) {
    ObjectNode schema = (ObjectNode) Json.MAPPER.readTree(inputSchema);
    ObjectNode property = schema.withObjectProperty("properties").putObject("context");
    property.put("type", "string");
    property.put("description", "Optional parameter selecting which context to run the tool in. Defaults to "
        + home.cluster().currentContext() + " if not set");
    var names = property.putArray("enum");
    home.cluster().contextNames().forEach(names::add);
    return Json.MAPPER.writeValueAsString(schema);
  }
}
