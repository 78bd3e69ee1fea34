package io.p2pe.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The CLI is a thin front end (cli/README.md): Fabric, gRPC and protobuf reach its class path
 * through client-sdk, and this keeps them out of its code, so every ledger call goes through the
 * SDK's connection and retry policy.
 */
class ArchitectureTest {
    private static final JavaClasses CLI = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.p2pe.cli");

    @Test
    void noFabricGrpcOrProtobuf() {
        noClasses().that().resideInAPackage("io.p2pe.cli..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("org.hyperledger..", "io.grpc..", "com.google.protobuf..",
                        "io.p2pe.chaincode..")
                .check(CLI);
    }
}
