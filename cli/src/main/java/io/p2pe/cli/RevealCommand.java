package io.p2pe.cli;

import io.p2pe.sdk.P2peConnection;
import io.p2pe.sdk.SealedBookClient;
import io.p2pe.sdk.SealedOrders;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code p2pe reveal --slot S --key ID=FILE}: an org's reveal agent, once, for one closed slot (docs/privacy.md). */
@Command(name = "reveal", mixinStandardHelpOptions = true, description = "Reveal the org's sealed orders of a closed "
        + "slot: list, decrypt with the sealing keys, RevealOrders in batches of " + SealedBookClient.MAX_REVEAL_BATCH + ".")
final class RevealCommand extends LedgerCommand {
    @Option(names = "--slot", required = true, description = "Slot start, e.g. 2026-06-17T12:00+09:00.")
    String slot;
    @Option(names = "--key", required = true, paramLabel = "KEY_ID=FILE",
            description = "A sealing key id and its private key file (PKCS#8 PEM, from 'sealing set-key'); repeatable.")
    Map<String, Path> keys;

    @Override
    int execute(P2peConnection c, PrintWriter out) throws Exception {
        Map<String, PrivateKey> privateKeys = new TreeMap<>();
        for (Map.Entry<String, Path> e : keys.entrySet()) {
            try {
                privateKeys.put(e.getKey(), SealedOrders.readPrivateKeyPem(Files.readString(e.getValue(),
                        StandardCharsets.US_ASCII)));
            } catch (IOException | GeneralSecurityException ex) {
                throw new IllegalArgumentException("option '--key' " + e.getKey() + "=" + e.getValue() + ": "
                        + ex.getMessage());
            }
        }
        SealedBookClient.RevealReport r = c.sealedBook().revealSlot(slot(c, "--slot", slot), privateKeys);
        Output.write(out, connection.output, r, table(r));
        return 0;
    }

    static Output.Table table(SealedBookClient.RevealReport r) {
        return new Output.Table(List.of("SLOT", "SEALED", "OPEN", "REJECTED", "UNDECRYPTABLE", "TRANSACTIONS"),
                List.of(List.of(r.slot(), Integer.toString(r.sealedUnderKeys()), Integer.toString(r.opened().size()),
                        Integer.toString(r.rejected().size()), Integer.toString(r.undecryptable().size()),
                        Integer.toString(r.transactions()))));
    }
}
