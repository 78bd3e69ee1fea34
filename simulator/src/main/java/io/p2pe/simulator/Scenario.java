package io.p2pe.simulator;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.p2pe.market.Mechanism;
import io.p2pe.market.Objective;
import io.p2pe.simulator.agents.LoadShape;
import io.p2pe.simulator.agents.Season;
import io.p2pe.simulator.agents.Weather;
import java.util.List;

/**
 * A community to simulate, as written in a scenario file (YAML or JSON; see
 * {@code docs/simulation.md} and the built-in files under {@code scenarios/}). Whole numbers
 * marked {@link Range} may be written as one value or as {@code [lo, hi]}, drawn per participant.
 *
 * @param name short name, used in reports
 * @param description one paragraph: what it models
 * @param season the season, or null for the simulated date's (June–August summer, December–February winter, else spring)
 * @param weather default weather type
 * @param mechanism default clearing mechanism
 * @param objective for OPTIMAL, the objective (default MAX_WELFARE)
 * @param tariffs the retailer's tariffs
 * @param gridEmissionFactor g-CO2/kWh of grid supply (default: the chaincode's, 450)
 * @param wheelingLevels wheeling fee per kWh by grid distance, ticks (OPTIMAL only); absent for none
 * @param participants participant groups, in registration order
 * @param demandResponse the DR events of the day, or null for none
 */
@JsonIgnoreProperties(value = "$schema")
public record Scenario(String name, String description, Season season, Weather weather, Mechanism mechanism,
                       Objective objective, Tariffs tariffs, Long gridEmissionFactor, List<Long> wheelingLevels,
                       List<Group> participants, DemandResponse demandResponse) {

    /**
     * Retail and buy-back tariffs, ticks (0.01 JPY/kWh).
     *
     * @param retail what the retailer charges
     * @param buyBack what it pays for uncontracted export
     */
    public record Tariffs(long retail, long buyBack) {
    }

    /** Demand-response events the operator declares for the simulated day (none when absent). */
    public record DemandResponse(List<DrEvent> events) {
    }

    /**
     * One DR event of the day.
     *
     * @param id unique in the scenario, 1-32 characters of [A-Za-z0-9._-]
     * @param from first slot's start, HH:MM
     * @param to last slot's start, HH:MM (default: from)
     * @param responsePct how much of its base load an enrolled site moves out of (DOWN) or into (UP)
     *     the event's slots (default 15); the energy comes back in (DOWN) or is taken from (UP) the
     *     two slots after the event
     * @param enrol the participant groups whose members enrol
     * @param dispatch battery groups (enrolled too) whose batteries the scenario's aggregator
     *     dispatches for the event as a virtual power plant: DISCHARGE for DOWN, CHARGE for UP
     * @param dispatchPct of each battery's power per slot (default 100)
     */
    public record DrEvent(String id, io.p2pe.market.dr.DrDirection direction, String from, String to, Long targetWh,
                          Long pointsPerKwh, Integer responsePct, List<String> enrol, List<String> dispatch,
                          Integer dispatchPct) {
    }

    /**
     * One participant, or {@code count} alike ones named {@code <id>-001 …}.
     *
     * @param id local id (of the only participant) or prefix
     * @param count how many, 1 by default
     * @param agent the agent they run
     * @param org RetailerOrg (households, the retailer), ExchangeOrg (business sites) or MunicipalityOrg
     * @param kind HOUSEHOLD, BUSINESS, MUNICIPAL or RETAILER
     * @param locations grid locations, given out in turn
     * @param load base consumption
     * @param pvWatts PV capacity, W
     * @param pricing where its prices sit in the tariff spread
     * @param battery stationary battery (agent {@code battery})
     * @param ev the car (agent {@code ev})
     * @param flexible shiftable load (agent {@code flexible})
     */
    public record Group(String id, Integer count, AgentType agent, String org, String kind, List<String> locations,
                        Load load, Range pvWatts, PricingRanges pricing, Battery battery, Ev ev, Flexible flexible) {
    }

    /**
     * Base consumption.
     *
     * @param shape time-of-day profile
     * @param dailyWh annual-average daily consumption
     */
    public record Load(LoadShape shape, Range dailyWh) {
    }

    /**
     * Price positions, ‰ of the spread between the buy-back and the retail tariff
     * ({@link io.p2pe.simulator.agents.Pricing}); absent ones take the defaults in {@link Community}.
     *
     * @param ask where asks sit
     * @param bid where bids sit
     * @param cheap an EV's cheap price
     * @param demandResponse a flexible load's demand-response price
     */
    public record PricingRanges(Range ask, Range bid, Range cheap, Range demandResponse) {
    }

    /**
     * A stationary battery.
     *
     * @param capacityWh usable capacity
     * @param powerW charge/discharge power
     * @param initialSocPct state of charge at 00:00, %
     * @param reservePct lowest state of charge, %
     * @param environmentFirst pays 5 JPY/kWh more for renewable supply only
     */
    public record Battery(Range capacityWh, Range powerW, Range initialSocPct, Integer reservePct,
                          Boolean environmentFirst) {
    }

    /**
     * An EV/PHV and its commute. Times {@code HH:MM} on the half hour.
     *
     * @param capacityWh usable battery
     * @param chargeW charger power
     * @param tripWh energy per commute trip
     * @param initialSocPct state of charge at 00:00, %
     * @param workTargetPct charge wanted when leaving work, %
     * @param homeTargetPct charge wanted when leaving home, %
     * @param departHome morning departure
     * @param arriveWork arrival at work
     * @param departWork evening departure
     * @param arriveHome arrival at home
     * @param jitterSlots each car shifts its whole schedule by a drawn number of slots in [−jitter, +jitter]
     */
    public record Ev(Range capacityWh, Range chargeW, Range tripWh, Range initialSocPct, Integer workTargetPct,
                     Integer homeTargetPct, String departHome, String arriveWork, String departWork, String arriveHome,
                     Integer jitterSlots) {
    }

    /**
     * Shiftable load. Times {@code HH:MM} on the half hour; {@code 24:00} for midnight.
     *
     * @param dailyWh energy to run per day
     * @param maxPerSlotWh most per slot
     * @param windowStart earliest start
     * @param deadline done by
     * @param surplusPct offers to run where clear-sky PV is at least this % of its peak
     */
    public record Flexible(Range dailyWh, Range maxPerSlotWh, String windowStart, String deadline, Integer surplusPct) {
    }
}
