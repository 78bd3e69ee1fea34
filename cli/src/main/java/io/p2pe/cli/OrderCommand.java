package io.p2pe.cli;

import io.p2pe.market.Side;
import io.p2pe.market.Units;
import io.p2pe.protocol.OrderRecord;
import io.p2pe.sdk.OrderRequest;
import io.p2pe.sdk.P2peConnection;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code p2pe order submit|cancel|list}. */
@Command(name = "order", mixinStandardHelpOptions = true, description = "Place, cancel and list your orders.",
        subcommands = {OrderCommand.Submit.class, OrderCommand.Cancel.class, OrderCommand.ListOrders.class})
final class OrderCommand {

    static Output.Table table(List<OrderRecord> orders) {
        return new Output.Table(List.of("ORDER", "CLIENT ID", "OWNER", "SLOT", "SIDE", "KWH", "JPY/KWH", "STATUS", "FILLED KWH"),
                orders.stream().map(o -> List.of(o.orderId(), Output.s(o.clientOrderId()), o.participant(), o.slot(),
                        o.side().name(), Units.kwh(o.wh()), Units.jpyPerKwh(o.price()), o.status().name(),
                        o.filledWh() == null ? "" : Units.kwh(o.filledWh()))).toList());
    }

    @Command(name = "submit", mixinStandardHelpOptions = true,
            description = "Place an order. Idempotent on --client-id: repeating the command never places it twice.")
    static final class Submit extends LedgerCommand {
        @Option(names = "--client-id", required = true, description = "Your id for the order (1-64 of [A-Za-z0-9._:-]).")
        String clientId;
        @Option(names = "--slot", required = true, description = "Slot start, e.g. 2026-06-17T12:00+09:00.")
        String slot;
        @Option(names = "--side", required = true, description = "BUY or SELL.")
        Side side;
        @Option(names = "--kwh", required = true, converter = HumanUnits.Kwh.class,
                description = "Energy in kWh, up to 3 decimals (1 Wh), e.g. 1.5.")
        long wh;
        @Option(names = "--price", required = true, converter = HumanUnits.JpyPerKwh.class,
                description = "Limit price in JPY/kWh, up to 2 decimals, e.g. 21.50.")
        long price;
        @Option(names = "--source", description = "SELL: generation source, e.g. solar.")
        String source;
        @Option(names = "--renewable-only", description = "BUY: trade with renewable sources only.")
        boolean renewableOnly;

        @Override
        int execute(P2peConnection c, PrintWriter out) throws Exception {
            OrderRequest r = new OrderRequest(clientId, slot(c, "--slot", slot), side, wh, price, source, renewableOnly);
            OrderRecord o = c.participant().submitOrder(r);
            Output.write(out, connection.output, o, table(List.of(o)));
            return 0;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel an open order before gate closure.")
    static final class Cancel extends LedgerCommand {
        @Parameters(paramLabel = "ORDER_ID", description = "The ledger's order id (see 'order list').")
        String orderId;

        @Override
        int execute(P2peConnection c, PrintWriter out) throws Exception {
            OrderRecord o = c.participant().cancelOrder(orderId);
            Output.write(out, connection.output, o, table(List.of(o)));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List your orders, with fills once cleared.")
    static final class ListOrders extends LedgerCommand {
        @Option(names = "--slot", description = "Only this slot.")
        String slot;

        @Override
        int execute(P2peConnection c, PrintWriter out) throws Exception {
            List<OrderRecord> orders = slot == null ? c.participant().myOrders()
                    : c.participant().myOrders(slot(c, "--slot", slot));
            Output.write(out, connection.output, orders, table(orders));
            return 0;
        }
    }
}
