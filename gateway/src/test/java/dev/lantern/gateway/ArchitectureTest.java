package dev.lantern.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;

/** The gateway's package map, enforced: routing and providers know nothing of HTTP serving or metrics. */
@AnalyzeClasses(packages = "dev.lantern.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  @ArchTest
  static final ArchRule routingKnowsNothingOfHttpOrMetrics = noClasses()
      .that().resideInAPackage("..gateway.routing..")
      .should().dependOnClassesThat().resideInAnyPackage("..gateway.http..", "..gateway.metrics..",
          "..gateway.cost..", "..gateway.auth..", "jakarta.servlet..", "io.prometheus..");

  @ArchTest
  static final ArchRule providersKnowNothingOfRoutingOrServing = noClasses()
      .that().resideInAPackage("..gateway.provider..")
      .should().dependOnClassesThat().resideInAnyPackage("..gateway.routing..", "..gateway.http..",
          "..gateway.metrics..", "jakarta.servlet..");

  @ArchTest
  static final ArchRule configIsPlainData = noClasses()
      .that().resideInAPackage("..gateway.config..")
      .should().dependOnClassesThat().resideInAnyPackage("..gateway.routing..", "..gateway.provider..",
          "..gateway.http..", "..gateway.metrics..");

  @ArchTest
  static final ArchRule onlyTheOpenAiPackageKnowsOpenAiWireDetails = noClasses()
      .that().resideOutsideOfPackages("..provider.openai..", "..provider")
      .should().dependOnClassesThat().resideInAPackage("..provider.openai..");

  @ArchTest
  static final ArchRule nothingPrintsToStandardStreams = GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
}
