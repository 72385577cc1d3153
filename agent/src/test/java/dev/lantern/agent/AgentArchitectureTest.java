package dev.lantern.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;

/**
 * The agent core's map: the model client knows no tools or loop, tools know no MCP or loop, and
 * the core reaches other services over HTTP only (never their classes), so the SRE investigator
 * can reuse it.
 */
@AnalyzeClasses(packages = "dev.lantern.agent", importOptions = ImportOption.DoNotIncludeTests.class)
class AgentArchitectureTest {
  @ArchTest
  static final ArchRule onlyCommonAmongLanternModules = noClasses()
      .should().dependOnClassesThat().resideInAnyPackage("dev.lantern.gateway..", "dev.lantern.kube..",
          "dev.lantern.assistant..", "dev.lantern.app..");

  @ArchTest
  static final ArchRule theModelClientKnowsNoToolsOrLoop = noClasses()
      .that().resideInAPackage("..agent.llm..")
      .should().dependOnClassesThat().resideInAnyPackage("..agent.tool..", "..agent.mcp..", "..agent.loop..",
          "io.modelcontextprotocol..");

  @ArchTest
  static final ArchRule toolsKnowNoMcpOrLoop = noClasses()
      .that().resideInAPackage("..agent.tool..")
      .should().dependOnClassesThat().resideInAnyPackage("..agent.mcp..", "..agent.loop..", "io.modelcontextprotocol..");

  @ArchTest
  static final ArchRule mcpKnowsNoLoop = noClasses()
      .that().resideInAPackage("..agent.mcp..")
      .should().dependOnClassesThat().resideInAPackage("..agent.loop..");

  @ArchTest
  static final ArchRule nothingPrintsToStandardStreams = GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
}
