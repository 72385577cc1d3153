package dev.lantern.agent.tool;

import dev.lantern.agent.llm.ToolSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tools an agent can call, gathered from its {@link ToolSource sources}. {@link #snapshot()}
 * is taken before each model call, so tools that appear or vanish (an MCP server going up or down)
 * are seen on the next call, and the model is never offered a tool that the runner cannot find.
 */
public final class ToolBox {
  private static final Logger log = LoggerFactory.getLogger(ToolBox.class);

  private final List<ToolSource> sources = new CopyOnWriteArrayList<>();

  public ToolBox add(ToolSource source) {
    sources.add(source);
    return this;
  }

  public ToolBox add(Tool... tools) {
    return add(ToolSource.of(List.of(tools)));
  }

  public ToolBox add(Collection<? extends Tool> tools) {
    return add(ToolSource.of(List.copyOf(tools)));
  }

  /** The tools available now, by name. The first source to name a tool wins. */
  public Snapshot snapshot() {
    Map<String, Tool> byName = new LinkedHashMap<>();
    for (ToolSource source : sources) {
      for (Tool tool : source.tools()) {
        if (byName.putIfAbsent(tool.name(), tool) != null) {
          log.warn("Two tools are named '{}'; the first one is kept", tool.name());
        }
      }
    }
    return new Snapshot(Map.copyOf(byName), List.copyOf(byName.values()));
  }

  /** An unchanging view of the tools for one model call. */
  public record Snapshot(Map<String, Tool> byName, List<Tool> inOrder) {
    public List<ToolSpec> specs() {
      List<ToolSpec> specs = new ArrayList<>(inOrder.size());
      for (Tool tool : inOrder) {
        specs.add(new ToolSpec(tool.name(), tool.description(), tool.parameters()));
      }
      return specs;
    }

    public boolean isEmpty() {
      return inOrder.isEmpty();
    }
  }
}
