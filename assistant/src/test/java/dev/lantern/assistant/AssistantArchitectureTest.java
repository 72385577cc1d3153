package dev.lantern.assistant;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;

/**
 * The assistant reaches the gateway and kube-mcp over HTTP only; its stores know nothing of the
 * assembly above them; nothing prints (the CLI owns the terminal).
 */
@AnalyzeClasses(packages = "dev.lantern.assistant", importOptions = ImportOption.DoNotIncludeTests.class)
class AssistantArchitectureTest {
  @ArchTest
  static final ArchRule otherServicesOverHttpOnly = noClasses()
      .should().dependOnClassesThat().resideInAnyPackage("dev.lantern.gateway..", "dev.lantern.kube..",
          "dev.lantern.app..");

  @ArchTest
  static final ArchRule storesKnowNothingOfTheAssembly = noClasses()
      .that().resideInAnyPackage("..assistant.memory..", "..assistant.skills..", "..assistant.session..",
          "..assistant.tools..", "..assistant.home..")
      .should().dependOnClassesThat().resideInAnyPackage("..assistant.review..")
      .orShould().dependOnClassesThat().haveSimpleName("Assistant");

  @ArchTest
  static final ArchRule nothingPrintsToStandardStreams = GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
}
