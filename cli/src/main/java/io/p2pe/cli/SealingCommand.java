package io.p2pe.cli;

import io.p2pe.protocol.SealingKey;
import io.p2pe.sdk.P2peConnection;
import io.p2pe.sdk.SealedOrders;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code p2pe sealing set-key|show-key}: an org's sealing key for a sealed book (docs/privacy.md). */
@Command(name = "sealing", mixinStandardHelpOptions = true, description = "An org's sealing key (orderBook SEALED).",
        subcommands = {SealingCommand.SetKey.class, SealingCommand.ShowKey.class})
final class SealingCommand {
    private SealingCommand() {
    }

    static Output.Table table(SealingKey k) {
        return new Output.Table(List.of("MSP", "KEY ID", "SET AT", "TX"),
                List.of(List.of(k.mspId(), k.keyId(), k.setAt(), k.txId())));
    }

    @Command(name = "set-key", mixinStandardHelpOptions = true, description = "Generate a P-256 sealing key, keep its "
            + "private half in --private-key-out (PKCS#8 PEM, mode 600) and publish the public half for the connected "
            + "admin's org.")
    static final class SetKey extends LedgerCommand {
        @Option(names = "--key-id", required = true, description = "The key's id, 1-64 of [A-Za-z0-9._:-].")
        String keyId;
        @Option(names = "--private-key-out", required = true, paramLabel = "FILE",
                description = "Where the private key goes; must not exist.")
        Path privateKeyOut;

        @Override
        int execute(P2peConnection c, PrintWriter out) throws Exception {
            KeyPair pair = SealedOrders.newSealingKeyPair();
            try {
                Files.writeString(privateKeyOut, SealedOrders.privateKeyPem(pair.getPrivate()), StandardCharsets.US_ASCII,
                        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                throw new IllegalArgumentException("option '--private-key-out': " + privateKeyOut + " exists; "
                        + "a sealing key is never overwritten");
            }
            try {
                Files.setPosixFilePermissions(privateKeyOut, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the file keeps its default permissions.
            }
            SealingKey k = c.sealedBook().setSealingKey(keyId, (ECPublicKey) pair.getPublic());
            Output.write(out, connection.output, k, table(k));
            return 0;
        }
    }

    @Command(name = "show-key", mixinStandardHelpOptions = true, description = "An org's current sealing key.")
    static final class ShowKey extends LedgerCommand {
        @Option(names = "--msp", required = true, description = "The org's MSP id, e.g. RetailerOrgMSP.")
        String msp;

        @Override
        int execute(P2peConnection c, PrintWriter out) throws Exception {
            SealingKey k = c.sealedBook().sealingKey(msp);
            Output.write(out, connection.output, k, table(k));
            return 0;
        }
    }
}
