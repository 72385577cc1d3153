package dev.lantern.sre;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;

/** The sre module's map: the cluster only through kube-mcp (eval aside), HTTP only in serve, and no standard streams. */
@AnalyzeClasses(packages = "dev.lantern.sre", importOptions = ImportOption.DoNotIncludeTests.class)
class SreArchitectureTest {
  @ArchTest
  static final ArchRule theClusterIsReadThroughKubeMcp = noClasses()
      .that().resideOutsideOfPackage("..sre.eval..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.lantern.kube..", "io.fabric8..")
      .because("the investigator reads the cluster over MCP, under kube-mcp's read-only policy; only the eval"
          + " harness serves a case's files, with the analyzers, in kube-mcp's place");

  @ArchTest
  static final ArchRule onlyServeKnowsHttpServing = noClasses()
      .that().resideOutsideOfPackage("..sre.serve..")
      .should().dependOnClassesThat().resideInAnyPackage("jakarta.servlet..", "org.eclipse.jetty..");

  @ArchTest
  static final ArchRule investigationKnowsNothingOfAlertsOrServing = noClasses()
      .that().resideInAnyPackage("..sre.investigate..", "..sre.logs..", "..sre.prometheus..", "..sre.runbooks..")
      .should().dependOnClassesThat().resideInAnyPackage("..sre.serve..", "..sre.alerts..");

  @ArchTest
  static final ArchRule nothingPrintsToStandardStreams = GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
}
