package io.p2pe.market.optimal;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The optimal solvers are internals of the engine: only the facade {@link OptimalTrades} and the
 * {@link Tradable} it returns are public, so the rest can change without touching a caller.
 */
class OptimalPackageArchitectureTest {
    private static final JavaClasses MARKET = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.p2pe.market");

    @Test
    void onlyTheFacadeIsPublic() {
        classes().that().resideInAPackage("io.p2pe.market.optimal").and().arePublic()
                .should().haveSimpleName("OptimalTrades").orShould().haveSimpleName("Tradable")
                .check(MARKET);
    }

    @Test
    void theEngineUsesNoOtherModule() {
        noClasses().that().resideInAPackage("io.p2pe.market..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("io.p2pe.protocol..", "io.p2pe.chaincode..", "io.p2pe.sdk..",
                        "io.p2pe.simulator..", "io.p2pe.cli..", "org.hyperledger..")
                .check(MARKET);
    }
}
