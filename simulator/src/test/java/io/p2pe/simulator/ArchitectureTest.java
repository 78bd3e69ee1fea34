package io.p2pe.simulator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The simulation talks to the ledger only through the SDK's public API (docs/design.md): Fabric,
 * gRPC and protobuf are on its class path through client-sdk, and this keeps them out of its code.
 */
class ArchitectureTest {
    private static final JavaClasses SIMULATOR = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.p2pe.simulator");

    @Test
    void noFabricTransportOfItsOwn() {
        noClasses().that().resideInAPackage("io.p2pe.simulator..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("org.hyperledger..", "io.grpc..", "com.google.protobuf..",
                        "io.p2pe.chaincode..", "io.p2pe.cli..")
                .check(SIMULATOR);
    }
}
