package dev.lantern.kube;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;

/** The kube module's map: tools know nothing of MCP or HTTP, and nothing writes to stdout (the stdio transport owns it). */
@AnalyzeClasses(packages = "dev.lantern.kube", importOptions = ImportOption.DoNotIncludeTests.class)
class KubeArchitectureTest {
  @ArchTest
  static final ArchRule toolsKnowNothingOfTheProtocol = noClasses()
      .that().resideInAnyPackage("..kube.tool..", "..kube.tools..", "..kube.output..", "..kube.cluster..")
      .should().dependOnClassesThat().resideInAnyPackage("io.modelcontextprotocol..", "jakarta.servlet..",
          "..kube.mcp..", "io.prometheus..");

  @ArchTest
  static final ArchRule clusterAccessKnowsNothingOfTools = noClasses()
      .that().resideInAPackage("..kube.cluster..")
      .should().dependOnClassesThat().resideInAnyPackage("..kube.tool..", "..kube.tools..");

  @ArchTest
  static final ArchRule analyzersKnowNothingOfToolsOrTheProtocol = noClasses()
      .that().resideInAPackage("..kube.diagnose..")
      .should().dependOnClassesThat().resideInAnyPackage("..kube.tool..", "..kube.tools..", "..kube.mcp..",
          "io.modelcontextprotocol..", "jakarta.servlet..")
      .because("the sre module and the eval harness run the analyzers without kube-mcp");

  @ArchTest
  static final ArchRule toolsetsAreIndependent = SlicesRuleDefinition.slices()
      .matching("..kube.tools.(*)..").should().notDependOnEachOther()
      .because("a toolset is one package on the shared tool API");

  @ArchTest
  static final ArchRule nothingPrintsToStandardStreams = GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
}
