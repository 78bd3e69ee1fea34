package io.p2pe.market;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

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

    public static ClearingResult clear(ClearingInput input) throws InvalidInputException {
        InputValidator.validate(input);
        Book book = new Book(input.slot(), input.effectiveWheeling(), input.orders());
        ClearingMechanism.Outcome outcome = mechanismFor(input).clear(book);
        return assemble(input, book, outcome);
    }

    static ClearingMechanism mechanismFor(ClearingInput input) {
        return switch (input.mechanism()) {
            case UNIFORM_PRICE -> new UniformPriceClearing();
            case PAY_AS_BID -> new PayAsBidClearing();
            case OPTIMAL -> new OptimalClearing(input.objective());
        };
    }

    private static ClearingResult assemble(ClearingInput input, Book book, ClearingMechanism.Outcome outcome) {
        TreeMap<String, Long> filled = new TreeMap<>();
        TreeMap<String, Long> limit = new TreeMap<>();
        for (Order o : input.orders()) {
            filled.put(o.id(), 0L);
            limit.put(o.id(), o.price());
        }
        long volume = 0;
        long surplus = 0;
        for (Trade t : outcome.trades()) {
            filled.merge(t.buyOrderId(), t.wh(), Math::addExact);
            filled.merge(t.sellOrderId(), t.wh(), Math::addExact);
            volume = Math.addExact(volume, t.wh());
            long perKwh = limit.get(t.buyOrderId()) - limit.get(t.sellOrderId()) - t.wheelingFee();
            surplus = Math.addExact(surplus, Math.multiplyExact(perKwh, t.wh()));
        }
        List<Fill> fills = new ArrayList<>(filled.size());
        filled.forEach((id, wh) -> fills.add(new Fill(id, wh)));
        List<Trade> trades = new ArrayList<>(outcome.trades());
        trades.sort(Comparator.comparing(Trade::buyOrderId).thenComparing(Trade::sellOrderId));
        Objective objective = input.mechanism() == Mechanism.OPTIMAL ? input.objective() : null;
        return new ClearingResult(input.slot(), input.mechanism(), objective, outcome.clearingPrice(),
                volume, surplus, trades, fills, MarketJson.inputDigest(input));
    }
}
