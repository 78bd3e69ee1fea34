package io.p2pe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p2pe.market.Clearing;
import io.p2pe.market.MarketJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command in-process: exit status, stdout and stderr. */
class P2peTest {
    private static final String BOOK = """
            {"slot": "2026-06-17T12:00+09:00", "mechanism": "UNIFORM_PRICE",
             "orders": [{"id": "b1", "participant": "home-1", "side": "BUY", "wh": 100, "price": 50},
                        {"id": "s1", "participant": "home-2", "side": "SELL", "wh": 100, "price": 30}]}
            """;

    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
    }

    private static Run run(byte[] stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = P2pe.run(new ByteArrayInputStream(stdin), new PrintWriter(out), new PrintWriter(err), args);
        return new Run(status, out.toString(), err.toString());
    }

    private static Run run(String... args) {
        return run(new byte[0], args);
    }

    private Path file(String content) throws IOException {
        return Files.writeString(dir.resolve("book.json"), content);
    }

    private static void assertRefused(Run r, String line) {
        assertEquals(2, r.status());
        assertEquals("", r.out());
        assertEquals(line + System.lineSeparator(), r.err());
    }

    private static final String OPTIMAL_BOOK = """
            {"slot": "2026-06-17T12:00+09:00", "mechanism": "OPTIMAL", "objective": "MAX_WELFARE",
             "orders": [{"id": "b1", "participant": "home-1", "side": "BUY", "wh": 100, "price": 50},
                        {"id": "s1", "participant": "home-2", "side": "SELL", "wh": 60, "price": 30}]}
            """;

    @Test
    void scoresAProposalAndTheClearOutputAsOne() throws Exception {
        Path book = file(OPTIMAL_BOOK);
        Run cleared = run("market", "clear", "--input", book.toString());
        Path proposal = Files.writeString(dir.resolve("proposal.json"), cleared.out());
        Run r = run("market", "score", "--input", book.toString(), "--proposal", proposal.toString());
        assertEquals(0, r.status(), r.err());
        String digest = MarketJson.inputDigest(MarketJson.readInput(OPTIMAL_BOOK));
        String canonical = "{\"slot\":\"2026-06-17T12:00+09:00\",\"inputDigest\":\"" + digest
                + "\",\"trades\":[{\"buyOrderId\":\"b1\",\"sellOrderId\":\"s1\",\"wh\":60}]}";
        String proposalDigest = io.p2pe.market.TieBreak.sha256Hex(canonical.getBytes(StandardCharsets.UTF_8));
        assertEquals("{\"valid\":true,\"slot\":\"2026-06-17T12:00+09:00\",\"inputDigest\":\"" + digest
                + "\",\"proposalDigest\":\"" + proposalDigest + "\",\"drawKey\":\""
                + io.p2pe.market.TieBreak.sha256Hex((digest + "|" + proposalDigest).getBytes(StandardCharsets.UTF_8))
                + "\",\"trades\":1,\"score\":{\"objective\":\"MAX_WELFARE\",\"minSurplusRate\":null,"
                + "\"surplus\":1200,\"volumeWh\":60}}\n", r.out());
        Run fromStdin = run(canonical.getBytes(StandardCharsets.UTF_8), "market", "score", "--input", book.toString(),
                "--proposal", "-");
        assertEquals(r.out(), fromStdin.out());
    }

    @Test
    void anInvalidProposalIsOneLineOnStderr() throws Exception {
        Path book = file(OPTIMAL_BOOK);
        String digest = MarketJson.inputDigest(MarketJson.readInput(OPTIMAL_BOOK));
        Path proposal = Files.writeString(dir.resolve("proposal.json"), "{\"slot\":\"2026-06-17T12:00+09:00\","
                + "\"inputDigest\":\"" + digest + "\",\"trades\":[{\"buyOrderId\":\"b1\",\"sellOrderId\":\"s1\",\"wh\":61}]}");
        assertRefused(run("market", "score", "--input", book.toString(), "--proposal", proposal.toString()),
                "p2pe: order s1: field 'wh' is 60 Wh, but the proposal's trades with this order sum to 61 Wh");
        Path uniform = Files.writeString(dir.resolve("uniform.json"), BOOK);
        assertRefused(run("market", "score", "--input", uniform.toString(), "--proposal", proposal.toString()),
                "p2pe: field 'mechanism' must be OPTIMAL for proposals, got UNIFORM_PRICE");
    }

    @Test
    void clearsAFile() throws Exception {
        Run r = run("market", "clear", "--input", file(BOOK).toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(MarketJson.writeResult(Clearing.clear(MarketJson.readInput(BOOK))) + "\n", r.out());
        assertTrue(r.out().contains("\"clearingPrice\":40,"));
        assertEquals("", r.err());
    }

    @Test
    void clearsHandCheckedBooksExactly() throws Exception {
        // UNIFORM_PRICE: b1 300 Wh at 60, b2 100 at 20, s1 200 at 30. b2 is below the ask; b1 takes all
        // 200 Wh of s1 at the midpoint (60 + 30) / 2 = 45; surplus (60 - 30) x 200 Wh = 6000 (1e-5 JPY).
        String book = """
                {"slot": "2026-06-17T12:00+09:00", "mechanism": "UNIFORM_PRICE",
                 "orders": [{"id": "b1", "participant": "home-1", "side": "BUY", "wh": 300, "price": 60},
                            {"id": "b2", "participant": "home-2", "side": "BUY", "wh": 100, "price": 20},
                            {"id": "s1", "participant": "home-3", "side": "SELL", "wh": 200, "price": 30}]}
                """;
        Run r = run("market", "clear", "--input", file(book).toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("{\"slot\":\"2026-06-17T12:00+09:00\",\"mechanism\":\"UNIFORM_PRICE\",\"objective\":null,"
                + "\"clearingPrice\":45,\"volumeWh\":200,\"surplus\":6000,\"trades\":[{\"buyOrderId\":\"b1\","
                + "\"sellOrderId\":\"s1\",\"wh\":200,\"price\":45,\"wheelingFee\":0}],\"fills\":[{\"orderId\":\"b1\","
                + "\"filledWh\":200},{\"orderId\":\"b2\",\"filledWh\":0},{\"orderId\":\"s1\",\"filledWh\":200}],"
                + "\"inputDigest\":\"" + MarketJson.inputDigest(MarketJson.readInput(book)) + "\"}\n", r.out());
        assertEquals("", r.err());

        // PAY_AS_BID: the pair of BOOK trades at its own midpoint (50 + 30) / 2 = 40; no uniform price.
        String payAsBid = BOOK.replace("UNIFORM_PRICE", "PAY_AS_BID");
        r = run(payAsBid.getBytes(StandardCharsets.UTF_8), "market", "clear", "--input", "-");
        assertEquals(0, r.status(), r.err());
        assertEquals("{\"slot\":\"2026-06-17T12:00+09:00\",\"mechanism\":\"PAY_AS_BID\",\"objective\":null,"
                + "\"clearingPrice\":null,\"volumeWh\":100,\"surplus\":2000,\"trades\":[{\"buyOrderId\":\"b1\","
                + "\"sellOrderId\":\"s1\",\"wh\":100,\"price\":40,\"wheelingFee\":0}],\"fills\":[{\"orderId\":\"b1\","
                + "\"filledWh\":100},{\"orderId\":\"s1\",\"filledWh\":100}],"
                + "\"inputDigest\":\"" + MarketJson.inputDigest(MarketJson.readInput(payAsBid)) + "\"}\n", r.out());
    }

    @Test
    void scoreRefusesBothDocumentsOnStandardInput() throws Exception {
        assertRefused(run("market", "score", "--input", "-", "--proposal", "-"),
                "p2pe: --input and --proposal cannot both be standard input");
        Path book = file(OPTIMAL_BOOK);
        assertRefused(run("market", "score", "--input", book.toString(), "--proposal", dir.resolve("none.json").toString()),
                "p2pe: cannot read '" + dir.resolve("none.json") + "': no such file");
    }

    @Test
    void clearsStandardInput() throws Exception {
        Run r = run(BOOK.getBytes(StandardCharsets.UTF_8), "market", "clear", "--input", "-");
        assertEquals(0, r.status(), r.err());
        assertEquals(run("market", "clear", "--input", file(BOOK).toString()).out(), r.out());
    }

    @Test
    void refusedInputIsOneLineOnStderr() throws Exception {
        Path bad = file(BOOK.replace("\"wh\": 100, \"price\": 50", "\"wh\": 0, \"price\": 50"));
        assertRefused(run("market", "clear", "--input", bad.toString()),
                "p2pe: order b1: field 'wh' must be between 1 and 1000000000, got 0");
        Path both = file(BOOK.replace("home-2", "home-1"));
        assertRefused(run("market", "clear", "--input", both.toString()),
                "p2pe: order s1: field 'participant' must be on one side per slot, \"home-1\" also has BUY order b1");
    }

    @Test
    void malformedJsonIsRefused() {
        Run r = run("{\"slot\":".getBytes(StandardCharsets.UTF_8), "market", "clear", "--input", "-");
        assertEquals(2, r.status());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("p2pe: input is not well-formed JSON at line 1, column "), r.err());
        assertEquals(1, r.err().lines().count());
    }

    @Test
    void unreadableInputIsRefused() throws Exception {
        String missing = dir.resolve("missing.json").toString();
        assertRefused(run("market", "clear", "--input", missing), "p2pe: cannot read '" + missing + "': no such file");
        Path latin1 = Files.write(dir.resolve("latin1.json"), new byte[] {'{', (byte) 0xE9, '}'});
        assertRefused(run("market", "clear", "--input", latin1.toString()),
                "p2pe: cannot read '" + latin1 + "': not valid UTF-8");
        Run directory = run("market", "clear", "--input", dir.toString());
        assertEquals(2, directory.status());
        assertEquals(1, directory.err().lines().count());
    }

    @Test
    void usageErrorsExitTwo() {
        Run missingOption = run("market", "clear");
        assertEquals(2, missingOption.status());
        assertEquals("", missingOption.out());
        assertTrue(missingOption.err().startsWith("p2pe: Missing required option: '--input=FILE'"), missingOption.err());
        assertTrue(missingOption.err().contains("Try 'p2pe market clear --help'"));
        assertEquals(2, run("market", "clear", "--input", "x", "--bogus").status());
        assertEquals(2, run("market", "frobnicate").status());
        assertEquals(2, run("market").status());
        assertEquals(2, run().status());
    }

    @Test
    void helpAndVersion() {
        Run help = run("--help");
        assertEquals(0, help.status());
        assertTrue(help.out().contains("market"), help.out());
        Run clearHelp = run("market", "clear", "--help");
        assertEquals(0, clearHelp.status());
        assertTrue(clearHelp.out().contains("--input=FILE"), clearHelp.out());
        Run version = run("--version");
        assertEquals(0, version.status());
        assertTrue(version.out().matches("p2pe \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R"), version.out());
    }

    @Test
    void solverRunRefusesAnUnknownMethodAndAMissingProfile() throws Exception {
        Run unknown = run("solver", "run", "--method", "simplex", "--slot", "2026-06-17T12:00+09:00");
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().contains("--method") && unknown.err().contains("engine, greedy, lp"), unknown.err());

        Path missing = dir.resolve("no-such-profile.json");
        Run noProfile = run("solver", "run", "--profile", missing.toString(), "--identity", "solver-1",
                "--slot", "2026-06-17T12:00+09:00");
        assertEquals(2, noProfile.status());
        assertEquals("", noProfile.out());
        assertTrue(noProfile.err().startsWith(P2pe.ERROR_PREFIX) && noProfile.err().contains(missing.toString()),
                noProfile.err());
    }
}
