package io.p2pe.market;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Entry point of the engine: validate, clear with the input's mechanism, and assemble the result
 * with fills, volume, surplus and the input digest.
 *
 * <pre>{@code
 * ClearingInput input = MarketJson.readInput(json);
 * ClearingResult result = Clearing.clear(input);
 * String out = MarketJson.writeResult(result);
 * }</pre>
 */
public final class Clearing {
    private Clearing() {
    }

    /**
     * @throws InvalidInputException for input the rules refuse, and with code
     *     {@link MarketErrorCode#BEYOND_LIMITS} for a valid book whose volume or surplus is beyond
     *     64 bits
     */
    public static ClearingResult clear(ClearingInput input) throws InvalidInputException {
        InputValidator.validate(input);
        Book book = new Book(input.slot(), input.effectiveWheeling(), input.orders());
        try {
            return assemble(input, mechanismFor(input).clear(book));
        } catch (ArithmeticException e) {
            throw new InvalidInputException(MarketErrorCode.BEYOND_LIMITS, null, "orders",
                    "give a volume or surplus beyond the 64-bit range of Wh and money units");
        }
    }

    static ClearingMechanism mechanismFor(ClearingInput input) {
        return switch (input.mechanism()) {
            case UNIFORM_PRICE -> new UniformPriceClearing();
            case PAY_AS_BID -> new PayAsBidClearing();
            case OPTIMAL -> new OptimalClearing(input.objective());
        };
    }

    private static ClearingResult assemble(ClearingInput input, ClearingMechanism.Outcome outcome) {
        // Orders indexed by id in sorted order: fills come out sorted, and each trade finds its
        // two orders by binary search (no map iteration, no per-trade boxing).
        Order[] byId = input.orders().toArray(new Order[0]);
        Arrays.sort(byId, Comparator.comparing(Order::id));
        String[] ids = new String[byId.length];
        for (int k = 0; k < byId.length; k++) {
            ids[k] = byId[k].id();
        }
        long[] filled = new long[byId.length];
        long volume = 0;
        long surplus = 0;
        for (Trade t : outcome.trades()) {
            int buy = Arrays.binarySearch(ids, t.buyOrderId());
            int sell = Arrays.binarySearch(ids, t.sellOrderId());
            filled[buy] = Math.addExact(filled[buy], t.wh());
            filled[sell] = Math.addExact(filled[sell], t.wh());
            volume = Math.addExact(volume, t.wh());
            long perKwh = byId[buy].price() - byId[sell].price() - t.wheelingFee();
            surplus = Math.addExact(surplus, Math.multiplyExact(perKwh, t.wh()));
        }
        List<Fill> fills = new ArrayList<>(byId.length);
        for (int k = 0; k < byId.length; k++) {
            fills.add(new Fill(ids[k], filled[k]));
        }
        List<Trade> trades = new ArrayList<>(outcome.trades());
        trades.sort(Comparator.comparing(Trade::buyOrderId).thenComparing(Trade::sellOrderId));
        Objective objective = input.mechanism() == Mechanism.OPTIMAL ? input.objective() : null;
        return new ClearingResult(input.slot(), input.mechanism(), objective, outcome.clearingPrice(),
                volume, surplus, trades, fills, MarketJson.inputDigest(input));
    }
}
