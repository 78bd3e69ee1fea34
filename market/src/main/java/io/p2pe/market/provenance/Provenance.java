package io.p2pe.market.provenance;

import io.p2pe.market.settlement.MatchedTrade;
import io.p2pe.market.settlement.MeteredFlow;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Delivered provenance of one slot ("colouring" electricity, docs/design.md section 6).
 *
 * <p>Each trade is scaled twice: by its seller's delivery ratio {@code min(exported, sold) / sold}
 * and by its buyer's take-up ratio {@code min(imported, bought) / bought}, each apportioned over the
 * participant's trades with the largest-remainder rule so the shares add up exactly: trade t gets
 * {@code floor(wh_t × cap / total)}, and the Wh still left go one each to the trades with the largest
 * remainders {@code (wh_t × cap) mod total}, ties by (buyOrderId, sellOrderId). A trade's delivered
 * energy is the smaller of its two scaled values. So a generator is never credited with more than
 * it exported, nor a consumer with more than it imported — conservative, never double counted.
 */
public final class Provenance {
    private Provenance() {
    }

    /** Provenance of a slot, by consumer and by generator. */
    public record Allocation(List<ConsumerProvenance> consumers, List<GeneratorDeliveries> generators) {
        public Allocation {
            consumers = List.copyOf(consumers);
            generators = List.copyOf(generators);
        }
    }

    /**
     * @param trades the slot's trades
     * @param flows meter readings; every trading participant must have one
     * @param sellers what each SELL order (by id) says about its energy
     * @param renewableSourceTypes source types that count as renewable
     * @param gridEmissionFactor g-CO2 per kWh of grid supply
     */
    public static Allocation allocate(List<MatchedTrade> trades, Map<String, MeteredFlow> flows,
                                      Map<String, SellerInfo> sellers, Set<String> renewableSourceTypes,
                                      long gridEmissionFactor) {
        return allocate(trades, flows, sellers, renewableSourceTypes, gridEmissionFactor, p -> true);
    }

    /**
     * The provenance of the consumers and the deliveries of the generators in {@code page}, exactly
     * as {@link #allocate(List, Map, Map, Set, long)} computes them for the whole slot: a trade's
     * delivered energy depends on its two parties' readings and trades only, so a page needs the
     * readings of its participants and of their counterparties, and nobody else's. A slot too large
     * for one transaction is settled page by page with it.
     *
     * @param trades all the slot's trades (a counterparty's share of a trade depends on all of its trades)
     * @param flows readings of at least the page's participants and their counterparties
     * @param page which participants to allocate for
     */
    public static Allocation allocate(List<MatchedTrade> trades, Map<String, MeteredFlow> flows,
                                      Map<String, SellerInfo> sellers, Set<String> renewableSourceTypes,
                                      long gridEmissionFactor, Predicate<String> page) {
        List<MatchedTrade> sorted = new ArrayList<>(trades);
        sorted.sort(MatchedTrade.ORDER);
        TreeSet<String> parties = new TreeSet<>();
        for (MatchedTrade t : sorted) {
            if (page.test(t.buyer()) || page.test(t.seller())) {
                parties.add(t.buyer());
                parties.add(t.seller());
            }
        }
        long[] bySeller = scale(sorted, MatchedTrade::seller, p -> flow(flows, p).exportedWh(), parties);
        long[] byBuyer = scale(sorted, MatchedTrade::buyer, p -> flow(flows, p).importedWh(), parties);
        TreeMap<String, List<SourceShare>> byConsumer = new TreeMap<>();
        TreeMap<String, List<SourceShare>> byGenerator = new TreeMap<>();
        for (int i = 0; i < sorted.size(); i++) {
            MatchedTrade t = sorted.get(i);
            boolean consumerInPage = page.test(t.buyer());
            boolean generatorInPage = page.test(t.seller());
            if (!consumerInPage && !generatorInPage) {
                continue;
            }
            SellerInfo info = sellers.get(t.sellOrderId());
            String source = info == null ? null : info.sourceType();
            String location = info == null || info.location() == null ? "" : info.location();
            SourceShare s = new SourceShare(t.buyer(), t.seller(), source, location,
                    source != null && renewableSourceTypes.contains(source), t.wh(), Math.min(bySeller[i], byBuyer[i]),
                    t.buyOrderId(), t.sellOrderId());
            if (consumerInPage) {
                byConsumer.computeIfAbsent(t.buyer(), k -> new ArrayList<>()).add(s);
            }
            if (generatorInPage) {
                byGenerator.computeIfAbsent(t.seller(), k -> new ArrayList<>()).add(s);
            }
        }
        List<ConsumerProvenance> consumers = new ArrayList<>();
        byConsumer.forEach((c, list) -> {
            long contracted = 0;
            long delivered = 0;
            long renewable = 0;
            for (SourceShare s : list) {
                contracted = Math.addExact(contracted, s.contractedWh());
                delivered = Math.addExact(delivered, s.deliveredWh());
                renewable = Math.addExact(renewable, s.renewable() ? s.deliveredWh() : 0);
            }
            consumers.add(new ConsumerProvenance(c, flow(flows, c).importedWh(), contracted, delivered, renewable,
                    Math.multiplyExact(renewable, gridEmissionFactor), list));
        });
        List<GeneratorDeliveries> generators = new ArrayList<>();
        byGenerator.forEach((g, list) -> {
            long sold = 0;
            long delivered = 0;
            long renewable = 0;
            for (SourceShare s : list) {
                sold = Math.addExact(sold, s.contractedWh());
                delivered = Math.addExact(delivered, s.deliveredWh());
                renewable = Math.addExact(renewable, s.renewable() ? s.deliveredWh() : 0);
            }
            generators.add(new GeneratorDeliveries(g, flow(flows, g).exportedWh(), sold, delivered, renewable, list));
        });
        return new Allocation(consumers, generators);
    }

    /**
     * The invariant auditors rely on: in a slot, the energy (renewable or not) attributed to
     * consumers from a generator never exceeds its metered export, and a consumer is never
     * credited with more than it imported.
     *
     * @throws ProvenanceViolation for the first violation, generators before consumers, by id
     */
    public static void check(Allocation allocation, Map<String, MeteredFlow> flows) throws ProvenanceViolation {
        for (GeneratorDeliveries g : allocation.generators()) {
            long exported = flow(flows, g.generator()).exportedWh();
            if (g.renewableWh() > exported || g.deliveredWh() > exported) {
                throw new ProvenanceViolation(g.generator(), "generator " + g.generator() + " is attributed "
                        + g.deliveredWh() + " Wh (" + g.renewableWh() + " Wh renewable) but exported " + exported + " Wh");
            }
        }
        for (ConsumerProvenance c : allocation.consumers()) {
            long imported = flow(flows, c.consumer()).importedWh();
            if (c.deliveredWh() > imported) {
                throw new ProvenanceViolation(c.consumer(), "consumer " + c.consumer() + " is attributed "
                        + c.deliveredWh() + " Wh but imported " + imported + " Wh");
            }
        }
    }

    /**
     * For each trade (in the given order) of a participant in {@code parties}, its share of its
     * participant's capacity {@code min(metered, contracted)}, apportioned by the largest-remainder
     * rule; the other trades' entries stay 0.
     */
    private static long[] scale(List<MatchedTrade> sorted, java.util.function.Function<MatchedTrade, String> party,
                                java.util.function.ToLongFunction<String> metered, Set<String> parties) {
        TreeMap<String, List<Integer>> groups = new TreeMap<>();
        for (int i = 0; i < sorted.size(); i++) {
            String p = party.apply(sorted.get(i));
            if (parties.contains(p)) {
                groups.computeIfAbsent(p, k -> new ArrayList<>()).add(i);
            }
        }
        long[] out = new long[sorted.size()];
        for (Map.Entry<String, List<Integer>> e : groups.entrySet()) {
            List<Integer> idx = e.getValue();
            long total = 0;
            for (int i : idx) {
                total = Math.addExact(total, sorted.get(i).wh());
            }
            long cap = Math.min(metered.applyAsLong(e.getKey()), total);
            BigInteger bigTotal = BigInteger.valueOf(total);
            long[] remainder = new long[sorted.size()];
            long given = 0;
            for (int i : idx) {
                BigInteger[] qr = BigInteger.valueOf(sorted.get(i).wh()).multiply(BigInteger.valueOf(cap))
                        .divideAndRemainder(bigTotal);
                out[i] = qr[0].longValueExact();
                remainder[i] = qr[1].longValueExact();
                given += out[i];
            }
            List<Integer> byRemainder = new ArrayList<>(idx);
            // Stable sort: equal remainders keep the (buyOrderId, sellOrderId) order.
            byRemainder.sort(Comparator.comparingLong((Integer i) -> remainder[i]).reversed());
            for (int k = 0; k < cap - given; k++) {
                out[byRemainder.get(k)]++;
            }
        }
        return out;
    }

    private static MeteredFlow flow(Map<String, MeteredFlow> flows, String participant) {
        MeteredFlow f = flows.get(participant);
        if (f == null) {
            throw new IllegalArgumentException("participant " + participant + " traded but has no meter reading");
        }
        return f;
    }
}
