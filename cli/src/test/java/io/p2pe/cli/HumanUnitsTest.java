package io.p2pe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.p2pe.market.Side;
import io.p2pe.protocol.OrderRecord;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

/** People type and read kWh and JPY/kWh; the ledger and {@code -o json} keep Wh and ticks. */
class HumanUnitsTest {
    private static final OrderRecord ORDER = new OrderRecord("o-1", "c1", "RetailerOrgMSP:home-001",
            "2026-06-17T12:00+09:00", "k", Side.BUY, 1_500, 2_150, "a/b", null, false, OrderRecord.Status.OPEN,
            "2026-06-17T02:00:00Z", "tx", null, null, 1_000L);

    @Test
    void kwhAndJpyPerKwhConvertExactly() {
        HumanUnits.Kwh kwh = new HumanUnits.Kwh();
        HumanUnits.JpyPerKwh price = new HumanUnits.JpyPerKwh();
        assertEquals(1_500L, kwh.convert("1.5"));
        assertEquals(1L, kwh.convert("0.001"));
        assertEquals(12_000L, kwh.convert("12"));
        assertEquals(2_150L, price.convert("21.50"));
        assertEquals(2_150L, price.convert("21.5"));
        assertEquals(850L, price.convert(" 8.5 "));
    }

    @Test
    void moreDecimalsThanTheLedgerHoldsAreRefusedNotRounded() {
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> new HumanUnits.Kwh().convert("1.5005"));
        assertEquals("'1.5005' kWh is not a whole number of Wh within the ledger's range (at most 3 decimals)",
                e.getMessage());
        assertThrows(TypeConversionException.class, () -> new HumanUnits.JpyPerKwh().convert("21.505"));
        assertThrows(TypeConversionException.class, () -> new HumanUnits.Kwh().convert("1e300"));
        assertEquals("'1,5' is not a number of kWh",
                assertThrows(TypeConversionException.class, () -> new HumanUnits.Kwh().convert("1,5")).getMessage());
    }

    @Test
    void orderSubmitTakesKwhAndJpyPerKwh() {
        OrderCommand.Submit submit = new OrderCommand.Submit();
        new CommandLine(submit).parseArgs("--client-id", "c1", "--slot", "2026-06-17T12:00+09:00", "--side", "BUY",
                "--kwh", "1.5", "--price", "21.50");
        assertEquals(1_500, submit.wh);
        assertEquals(2_150, submit.price);

        MeterCommand.Record record = new MeterCommand.Record();
        new CommandLine(record).parseArgs("--participant", "p", "--slot", "s", "--imported-kwh", "0.25",
                "--exported-kwh", "3", "--meter-id", "m");
        assertEquals(250, record.importedWh);
        assertEquals(3_000, record.exportedWh);

        OperatorCommand.Configure configure = new OperatorCommand.Configure();
        new CommandLine(configure).parseArgs("--retail-tariff", "26.20", "--buy-back-tariff", "8.50");
        assertEquals(2_620L, configure.retail);
        assertEquals(850L, configure.buyBack);
    }

    @Test
    void aBadQuantityIsARefusalBeforeAnyConnection() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = P2pe.run(new ByteArrayInputStream(new byte[0]), new PrintWriter(out), new PrintWriter(err),
                "order", "submit", "--client-id", "c1", "--slot", "2026-06-17T12:00+09:00", "--side", "BUY",
                "--kwh", "1.5005", "--price", "21.50");
        assertEquals(P2pe.EXIT_REFUSED, status);
        assertEquals("", out.toString());
        assertTrue(err.toString().startsWith("p2pe: Invalid value for option '--kwh': '1.5005' kWh is not a whole "
                + "number of Wh"), err.toString());
    }

    private static String write(ConnectionOptions.Format format) throws Exception {
        StringWriter out = new StringWriter();
        Output.write(new PrintWriter(out), format, ORDER, OrderCommand.table(List.of(ORDER)));
        return out.toString().replace(System.lineSeparator(), "\n");
    }

    @Test
    void tablesShowKwhAndJpyPerKwhWhileJsonKeepsWhAndTicks() throws Exception {
        assertEquals("""
                ORDER  CLIENT ID  OWNER                    SLOT                    SIDE  KWH    JPY/KWH  STATUS  FILLED KWH
                o-1    c1         RetailerOrgMSP:home-001  2026-06-17T12:00+09:00  BUY   1.500  21.50    OPEN    1.000
                """, write(ConnectionOptions.Format.table));
        String json = write(ConnectionOptions.Format.json);
        assertTrue(json.contains("\"wh\" : 1500") && json.contains("\"price\" : 2150")
                && json.contains("\"filledWh\" : 1000"), json);
        assertEquals("""
                ORDER,CLIENT ID,OWNER,SLOT,SIDE,KWH,JPY/KWH,STATUS,FILLED KWH
                o-1,c1,RetailerOrgMSP:home-001,2026-06-17T12:00+09:00,BUY,1.500,21.50,OPEN,1.000
                """, write(ConnectionOptions.Format.csv));
    }

    @Test
    void csvQuotesOnlyWhatNeedsIt() throws Exception {
        StringWriter out = new StringWriter();
        Output.write(new PrintWriter(out), ConnectionOptions.Format.csv, null, new Output.Table(List.of("A", "B"),
                List.of(List.of("x,y", "two\nlines"), List.of("say \"hi\"", "plain"))));
        assertEquals("A,B\n\"x,y\",\"two\nlines\"\n\"say \"\"hi\"\"\",plain\n", out.toString());
    }
}
