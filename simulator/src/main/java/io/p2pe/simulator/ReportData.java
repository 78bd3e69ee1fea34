package io.p2pe.simulator;

import java.util.List;

/**
 * Every figure of a simulation report, read back from the ledger after the day was settled
 * ({@link LedgerReader}); the simulator's own bookkeeping contributes only the labels (scenario,
 * participant types). Energy in Wh, prices in ticks (0.01 JPY/kWh), money in 1e-5 JPY, CO2 in mg,
 * shares in basis points (1/100 %). Written as {@code report.json}.
 *
 * @param meta what was simulated, how and how long it took
 * @param slots one row per slot
 * @param participants one row per participant, the day's settlement summed
 * @param flows delivered P2P energy per generator and consumer, from provenance records
 * @param totals sums of the participants' settlement records
 * @param ledgerTotals sums of the slots' settlement summaries, as the chaincode computed them; they
 *     must equal {@code totals}
 * @param headline the figures a reader looks for first
 * @param competition with {@code --clearing proposals}: who won each slot's competition; null
 *     when the built-in engine cleared every slot
 */
public record ReportData(Meta meta, List<SlotRow> slots, List<ParticipantRow> participants, List<Flow> flows,
                         Totals totals, Totals ledgerTotals, Headline headline, Competition competition,
                         List<DrOutcome> demandResponse, List<BatteryRow> batteries) {
    public ReportData {
        slots = List.copyOf(slots);
        participants = List.copyOf(participants);
        flows = List.copyOf(flows);
        demandResponse = demandResponse == null ? List.of() : List.copyOf(demandResponse);
        batteries = batteries == null ? List.of() : List.copyOf(batteries);
    }

    /** This report with the day's competition. */
    public ReportData withCompetition(Competition value) {
        return new ReportData(meta, slots, participants, flows, totals, ledgerTotals, headline, value, demandResponse,
                batteries);
    }

    /** This report with the day's DR events. */
    public ReportData withDemandResponse(List<DrOutcome> value) {
        return new ReportData(meta, slots, participants, flows, totals, ledgerTotals, headline, competition, value,
                batteries);
    }

    /** This report with the day's battery usage. */
    public ReportData withBatteries(List<BatteryRow> value) {
        return new ReportData(meta, slots, participants, flows, totals, ledgerTotals, headline, competition,
                demandResponse, value);
    }

    /**
     * A DR event of the day as the ledger closed it.
     *
     * @param creditedWh what counts against the target: Σ of the participants' credited Wh
     * @param deliveredWh the signed sum (responses the wrong way subtract)
     */
    public record DrOutcome(String eventId, String direction, String fromSlot, String toSlot, long targetWh,
                            long pointsPerKwh, int enrolled, int measured, long deliveredWh, long creditedWh,
                            long pointsIssued, List<DrParticipant> participants, List<DispatchRow> dispatches) {
        public DrOutcome {
            participants = List.copyOf(participants);
            dispatches = List.copyOf(dispatches);
        }
    }

    /** One battery dispatch of an event's slot and its metered response, as the ledger recorded them. */
    public record DispatchRow(String participant, String slot, String direction, long instructedWh, long respondedWh) {
    }

    /**
     * A battery's day, from its controller: equivalent full cycles and deepest discharge (battery
     * life, which the Miyagi pilot measured beside balancing).
     */
    public record BatteryRow(String participant, long capacityWh, long throughputWh, long cyclesPermille,
                             long depthOfDischargePermille, long minSocWh, long maxSocWh) {
    }

    /** One enrolled participant's measurement, summed over the event's slots. */
    public record DrParticipant(String participant, String baselineStatus, long baselineWh, long actualWh,
                                long creditedWh, long points) {
    }

    /**
     * Proposal-based clearing over the day: the solvers, each slot's outcome as the ledger recorded
     * it, and the slots each candidate won.
     *
     * @param objective OPTIMAL's objective (what the scores rank by)
     * @param windowMinutes the proposal window after gate closure
     * @param solvers the solvers that ran, one per peer org
     * @param slots one per slot, in slot order
     * @param wins slots won by each solver (in {@code solvers} order), then by the built-in engine
     */
    public record Competition(String objective, int windowMinutes, List<Solver> solvers, List<SlotCompetition> slots,
                              List<Wins> wins) {
        public Competition {
            solvers = List.copyOf(solvers);
            slots = List.copyOf(slots);
            wins = List.copyOf(wins);
        }
    }

    /**
     * A solver of the day.
     *
     * @param name its identity's name
     * @param org its org
     * @param method what it computes its proposals with
     */
    public record Solver(String name, String org, String method) {
    }

    /**
     * A score as the ledger computed it.
     *
     * @param minSurplusRate MAX_MIN_SURPLUS only: the smallest surplus rate, ticks (0.01 JPY/kWh)
     *     as the ledger's exact fraction text ({@code "7/3"}); null otherwise
     * @param surplus money (1e-5 JPY)
     * @param volumeWh traded
     */
    public record Score(String minSurplusRate, long surplus, long volumeWh) {
    }

    /**
     * What one solver did for a slot.
     *
     * @param solver its name
     * @param result {@code proposed}, {@code refused CODE} (the ledger's refusal, e.g.
     *     {@code refused PROPOSAL_NOT_BETTER}), {@code skipped} (the slot took no proposals) or
     *     {@code failed} (its method or the network failed)
     * @param detail the refusal's or failure's message, or null
     * @param score the stored proposal's score, or null
     */
    public record Attempt(String solver, String result, String detail, Score score) {
    }

    /**
     * One slot's competition, from the outcome the ledger recorded at finalization.
     *
     * @param slot the slot
     * @param winner the winning solver's name, {@code built-in} for the engine, or null when the
     *     ledger recorded no outcome
     * @param winnerOrg the winning solver's org; null for the engine
     * @param winnerMethod the winning solver's method; null for the engine
     * @param candidates how many competed (the engine's result included when it cleared the book)
     * @param winnerScore the winner's score
     * @param builtInScore the engine's score; null when it refused the book
     * @param builtInRefusal why the engine refused the book, or null
     * @param runnerUp the second candidate's name ({@code built-in} for the engine), or null
     * @param runnerUpScore its score, or null
     * @param rateGain MAX_MIN_SURPLUS: the winner's smallest surplus rate minus the engine's, an
     *     exact fraction in ticks; null otherwise or without an engine score
     * @param surplusGain the winner's surplus minus the engine's (1e-5 JPY); null without an engine score
     * @param volumeGain the winner's volume minus the engine's (Wh); null without an engine score
     * @param margin by how much the winner beat the engine, in words
     * @param attempts what each solver did, in solver order
     */
    public record SlotCompetition(String slot, String winner, String winnerOrg, String winnerMethod, int candidates,
                                  Score winnerScore, Score builtInScore, String builtInRefusal, String runnerUp,
                                  Score runnerUpScore, String rateGain, Long surplusGain, Long volumeGain, String margin,
                                  List<Attempt> attempts) {
        public SlotCompetition {
            attempts = List.copyOf(attempts);
        }
    }

    /**
     * Slots won over the day.
     *
     * @param candidate a solver's name or {@code built-in}
     * @param org the solver's org; null for the engine
     * @param method the solver's method; null for the engine
     * @param slots slots won
     */
    public record Wins(String candidate, String org, String method, int slots) {
    }

    /**
     * What was simulated.
     *
     * @param scenario scenario name
     * @param description scenario description
     * @param mechanism clearing mechanism
     * @param objective OPTIMAL's objective, or null
     * @param date the simulated day, {@code 2027-05-20}
     * @param season season
     * @param weather weather type
     * @param seed random seed
     * @param firstSlot first slot simulated
     * @param lastSlot last slot simulated
     * @param retailTariff ticks, from the slots' frozen terms
     * @param buyBackTariff ticks, from the slots' frozen terms
     * @param gridEmissionFactor g-CO2/kWh, from the slots' frozen terms
     * @param orders orders placed
     * @param transactions transactions committed by the simulation (onboarding excluded)
     * @param wallSeconds wall time of the trading day, slot loop only
     */
    public record Meta(String scenario, String description, String mechanism, String objective, String date,
                       String season, String weather, long seed, String firstSlot, String lastSlot,
                       long retailTariff, long buyBackTariff, long gridEmissionFactor, long orders,
                       long transactions, long wallSeconds) {
    }

    /**
     * One slot.
     *
     * @param slot the slot
     * @param clearingPrice uniform price of the main clearing run, or null (no trades, or a
     *     pairwise mechanism)
     * @param averagePrice volume-weighted P2P price paid to sellers, or null without trades
     * @param volumeWh traded
     * @param orderCount orders cleared
     * @param tradeCount trades
     * @param importedWh metered import of all participants
     * @param exportedWh metered export of all participants
     * @param deliveredWh P2P energy delivered
     * @param renewableWh of which renewable
     * @param pvExportWh metered export of participants with PV
     * @param evAbsorbedWh renewable P2P energy delivered to EV chargers
     * @param batteryAbsorbedWh renewable P2P energy delivered to battery owners
     * @param flexibleAbsorbedWh renewable P2P energy delivered to demand-response households
     * @param netCost what the community (all but the retailer) paid
     * @param baselineCost what it would have paid with the retailer only
     * @param co2AvoidedMg CO2 avoided by renewable P2P delivery
     */
    public record SlotRow(String slot, Long clearingPrice, Long averagePrice, long volumeWh, int orderCount,
                          int tradeCount, long importedWh, long exportedWh, long deliveredWh, long renewableWh,
                          long pvExportWh, long evAbsorbedWh, long batteryAbsorbedWh, long flexibleAbsorbedWh,
                          long netCost, long baselineCost, long co2AvoidedMg) {
    }

    /**
     * One participant's day.
     *
     * @param participant participant id
     * @param type agent type as labelled by the scenario
     * @param org its org
     * @param kind its kind
     * @param pvWatts PV capacity
     * @param importedWh metered import
     * @param exportedWh metered export
     * @param boughtWh P2P bought
     * @param soldWh P2P sold
     * @param p2pCost paid for P2P energy and wheeling
     * @param p2pRevenue received for P2P energy
     * @param retailCost paid to the retailer
     * @param buyBackCredit received from the retailer
     * @param netCost net
     * @param baselineCost grid-only baseline
     * @param savings baseline minus net
     * @param savingsBasisPoints savings per |baseline|, 1/100 % (0 when the baseline is 0)
     * @param renewableWh renewable P2P energy delivered to it
     * @param co2AvoidedMg CO2 avoided
     */
    public record ParticipantRow(String participant, String type, String org, String kind, long pvWatts,
                                 long importedWh, long exportedWh, long boughtWh, long soldWh, long p2pCost,
                                 long p2pRevenue, long retailCost, long buyBackCredit, long netCost,
                                 long baselineCost, long savings, long savingsBasisPoints, long renewableWh,
                                 long co2AvoidedMg) {
    }

    /**
     * P2P energy one generator delivered to one consumer over the day.
     *
     * @param generator seller participant id
     * @param consumer buyer participant id
     * @param sourceType the seller's source
     * @param deliveredWh delivered
     * @param renewableWh of which renewable
     */
    public record Flow(String generator, String consumer, String sourceType, long deliveredWh, long renewableWh) {
    }

    /**
     * Settlement totals over the day.
     *
     * @param participants settlement lines (participant × slot)
     * @param importedWh metered import
     * @param exportedWh metered export
     * @param deliveredWh P2P delivered
     * @param renewableWh P2P renewable delivered
     * @param netCost net paid
     * @param baselineCost grid-only baseline
     * @param savings baseline minus net
     * @param co2AvoidedMg CO2 avoided
     */
    public record Totals(long participants, long importedWh, long exportedWh, long deliveredWh, long renewableWh,
                         long netCost, long baselineCost, long savings, long co2AvoidedMg) {
    }

    /**
     * The figures a reader looks for first; the community is every participant but the retailer.
     *
     * @param communityNetCost what the community paid
     * @param communityBaselineCost what it would have paid with the retailer only
     * @param communitySavingsBasisPoints savings per |baseline|, 1/100 %
     * @param pvExportWh PV owners' metered export
     * @param absorbedWh renewable P2P energy delivered to EV chargers and battery owners
     * @param pvAbsorbedBasisPoints {@code absorbedWh / pvExportWh}, 1/100 %
     * @param flexibleAbsorbedWh renewable P2P energy delivered to demand-response households
     * @param averageBuyPrice community P2P purchases, paid incl. wheeling per kWh, ticks (0 without)
     * @param averageSellPrice community P2P sales, received per kWh, ticks (0 without)
     * @param evAverageBuyPrice EV chargers' P2P purchases per kWh, ticks (0 without)
     * @param renewableShareBasisPoints renewable P2P energy per kWh the community imported, 1/100 %
     * @param co2AvoidedMg CO2 avoided
     */
    public record Headline(long communityNetCost, long communityBaselineCost, long communitySavingsBasisPoints,
                           long pvExportWh, long absorbedWh, long pvAbsorbedBasisPoints, long flexibleAbsorbedWh,
                           long averageBuyPrice,
                           long averageSellPrice, long evAverageBuyPrice, long renewableShareBasisPoints,
                           long co2AvoidedMg) {
    }
}
