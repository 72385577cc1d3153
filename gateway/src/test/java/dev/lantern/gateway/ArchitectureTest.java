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

  /** A provider's wire format lives in its own package, reached only through the Providers registry. */
  @ArchTest
  static final ArchRule onlyProviderPackagesKnowAProvidersWireDetails = noClasses()
      .that().resideOutsideOfPackages("..gateway.provider..")
      .should().dependOnClassesThat().resideInAnyPackage("..provider.openai..", "..provider.azure..",
          "..provider.anthropic..");

  /** Azure OpenAI speaks OpenAI's wire format and uses its client; no other provider borrows another's. */
  @ArchTest
  static final ArchRule openAiKnowsNoOtherProvider = noClasses()
      .that().resideInAPackage("..provider.openai..")
      .should().dependOnClassesThat().resideInAnyPackage("..provider.azure..", "..provider.anthropic..");

  @ArchTest
  static final ArchRule anthropicKnowsNoOtherProvider = noClasses()
      .that().resideInAPackage("..provider.anthropic..")
      .should().dependOnClassesThat().resideInAnyPackage("..provider.openai..", "..provider.azure..")
      .allowEmptyShould(true);

  @ArchTest
  static final ArchRule nothingPrintsToStandardStreams = GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
}
