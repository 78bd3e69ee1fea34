package io.p2pe.simulator;

import io.p2pe.market.dr.DrDirection;
import io.p2pe.simulator.agents.BatteryAgent;
import io.p2pe.simulator.agents.BatterySpec;
import io.p2pe.simulator.agents.DayProfile;
import io.p2pe.simulator.agents.EvAgent;
import io.p2pe.simulator.agents.EvSpec;
import io.p2pe.simulator.agents.FlexSpec;
import io.p2pe.simulator.agents.FlexibleLoadAgent;
import io.p2pe.simulator.agents.PriceLadder;
import io.p2pe.simulator.agents.Pricing;
import io.p2pe.simulator.agents.ProfileGenerator;
import io.p2pe.simulator.agents.PvProsumerAgent;
import io.p2pe.simulator.agents.RetailerAgent;
import io.p2pe.simulator.agents.Season;
import io.p2pe.simulator.agents.Seeds;
import io.p2pe.simulator.agents.SolarModel;
import io.p2pe.simulator.agents.Weather;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.Random;
import java.util.Set;

/**
 * The participants of a scenario with their agents, for one season, weather and seed. Each
 * participant draws its parameters from its own random stream ({@link Seeds}), in a fixed order,
 * so the same scenario and seed always give the same community.
 *
 * <p>Defaults for what a group leaves out: org by kind (households and the retailer RetailerOrg,
 * business sites ExchangeOrg, municipal buildings MunicipalityOrg); pricing ask [100, 450] ‰, bid
 * [550, 850] ‰, EV cheap price [250, 400] ‰, demand-response price [350, 550] ‰; battery initial
 * charge [20, 60] %, reserve 10 %; EV initial charge 50 %, targets 90 % leaving work and 40 %
 * leaving home, commute 07:30–08:30 and 17:30–18:30; flexible load window 09:00–24:00, surplus
 * slots at 60 % of peak clear-sky PV.
 */
public final class Community {
    /** Organizations a scenario may place participants in. */
    public static final List<String> ORGS = List.of("RetailerOrg", "ExchangeOrg", "MunicipalityOrg");

    private final Scenario scenario;
    private final Season season;
    private final Weather weather;
    private final long seed;
    private final List<SimParticipant> participants;
    private final List<DrPlan> drEvents;
    private final Map<String, long[]> baseNetWh;

    private Community(Scenario scenario, Season season, Weather weather, long seed, List<SimParticipant> participants,
                      List<DrPlan> drEvents, Map<String, long[]> baseNetWh) {
        this.scenario = scenario;
        this.season = season;
        this.weather = weather;
        this.seed = seed;
        this.participants = List.copyOf(participants);
        this.drEvents = List.copyOf(drEvents);
        this.baseNetWh = baseNetWh;
    }

    /**
     * A DR event of the simulated day, resolved: its slots as indexes of the day and its enrolled
     * participants (ids on the exchange, in community order).
     */
    public record DrPlan(String id, DrDirection direction, int fromSlot, int toSlot, long targetWh, long pointsPerKwh,
                         int responsePermille, List<String> enrolled, List<String> dispatched, int dispatchPermille) {
        public DrPlan {
            enrolled = List.copyOf(enrolled);
            dispatched = List.copyOf(dispatched);
        }
    }

    /** The aggregator identity of the scenario's virtual power plant: {@code <scenario>-vpp} at RetailerOrg. */
    public String aggregatorLocalId() {
        return scenario.name() + "-vpp";
    }

    /** Whether an event dispatches batteries, so that the day needs its aggregator. */
    public boolean dispatchesBatteries() {
        return drEvents.stream().anyMatch(e -> !e.dispatched().isEmpty());
    }

    /** Builds the community with the scenario's DR events in effect. */
    public static Community build(Scenario scenario, Season season, Weather weather, long seed, Set<String> orgs)
            throws SimulationInputException {
        return build(scenario, season, weather, seed, orgs, true);
    }

    /**
     * Builds the community.
     *
     * @param orgs the orgs of the network; a MunicipalityOrg participant moves to ExchangeOrg when
     *     the network has no MunicipalityOrg
     * @param demandResponse whether the scenario's DR events take place (false: the same community
     *     and day without them, for comparison)
     * @throws SimulationInputException for a scenario that does not describe a valid community
     */
    public static Community build(Scenario scenario, Season season, Weather weather, long seed, Set<String> orgs,
                                  boolean demandResponse) throws SimulationInputException {
        Objects.requireNonNull(scenario, "scenario");
        if (scenario.tariffs() == null) {
            throw new SimulationInputException("scenario " + scenario.name() + ": 'tariffs' (retail, buyBack) is missing");
        }
        if (scenario.participants() == null || scenario.participants().isEmpty()) {
            throw new SimulationInputException("scenario " + scenario.name() + " has no participants");
        }
        ProfileGenerator profiles = new ProfileGenerator(season, weather, seed);
        List<SimParticipant> out = new ArrayList<>();
        List<Scenario.Group> retailers = new ArrayList<>();
        long[] communityNet = new long[SolarModel.SLOTS_PER_DAY];
        Set<String> ids = new HashSet<>();
        List<Scenario.DrEvent> events = drEvents(scenario);
        Map<String, long[]> baseNet = new TreeMap<>();
        Map<String, List<String>> enrolled = new TreeMap<>();
        Map<String, List<String>> dispatched = new TreeMap<>();
        for (Scenario.Group g : scenario.participants()) {
            if (g.agent() == AgentType.RETAILER) {
                retailers.add(g);
                continue;
            }
            for (String id : ids(g)) {
                List<Scenario.DrEvent> mine = new ArrayList<>();
                for (Scenario.DrEvent e : events) {
                    if (e.enrol() != null && e.enrol().contains(g.id())) {
                        mine.add(e);
                    }
                }
                SimParticipant p = participant(g, id, profiles, season, seed, orgs, communityNet,
                        demandResponse ? mine : List.of(), baseNet);
                for (Scenario.DrEvent e : mine) {
                    enrolled.computeIfAbsent(e.id(), k -> new ArrayList<>()).add(p.participantId());
                    if (e.dispatch() != null && e.dispatch().contains(g.id())) {
                        dispatched.computeIfAbsent(e.id(), k -> new ArrayList<>()).add(p.participantId());
                    }
                }
                if (!ids.add(id)) {
                    throw new SimulationInputException("participant id '" + id + "' appears twice");
                }
                out.add(p);
            }
        }
        for (Scenario.Group g : retailers) {
            for (String id : ids(g)) {
                if (!ids.add(id)) {
                    throw new SimulationInputException("participant id '" + id + "' appears twice");
                }
                out.add(new SimParticipant(id, AgentType.RETAILER, "retailer", org(g, "RETAILER", orgs),
                        g.kind() == null ? "RETAILER" : g.kind(), location(g, 0), 0, 0, 0,
                        new RetailerAgent(id, communityNet)));
            }
        }
        List<DrPlan> plans = new ArrayList<>();
        if (demandResponse) {
            for (Scenario.DrEvent e : events) {
                int from = timeOfDay(e.from(), "DR event '" + e.id() + "' from");
                int to = e.to() == null ? from : timeOfDay(e.to(), "DR event '" + e.id() + "' to");
                plans.add(new DrPlan(e.id(), e.direction(), from, to, e.targetWh(), e.pointsPerKwh(),
                        responsePermille(e), enrolled.getOrDefault(e.id(), List.of()),
                        dispatched.getOrDefault(e.id(), List.of()),
                        (e.dispatchPct() == null ? 100 : e.dispatchPct()) * 10));
            }
        }
        return new Community(scenario, season, weather, seed, out, plans, baseNet);
    }

    /** The scenario's DR events, checked (ids, directions, slots of one day, targets, rates, groups). */
    private static List<Scenario.DrEvent> drEvents(Scenario scenario) throws SimulationInputException {
        if (scenario.demandResponse() == null || scenario.demandResponse().events() == null) {
            return List.of();
        }
        Set<String> groups = new HashSet<>();
        Set<String> batteryGroups = new HashSet<>();
        for (Scenario.Group g : scenario.participants()) {
            groups.add(g.id());
            if (g.agent() == AgentType.BATTERY) {
                batteryGroups.add(g.id());
            }
        }
        Set<String> seen = new HashSet<>();
        for (Scenario.DrEvent e : scenario.demandResponse().events()) {
            String what = "DR event '" + e.id() + "'";
            if (e.id() == null || !e.id().matches("[A-Za-z0-9._-]{1,32}") || !seen.add(e.id())) {
                throw new SimulationInputException(what + ": 'id' must be 1-32 characters of [A-Za-z0-9._-], unique");
            }
            if (e.direction() == null || e.targetWh() == null || e.targetWh() < 1 || e.pointsPerKwh() == null
                    || e.pointsPerKwh() < 0) {
                throw new SimulationInputException(what + " needs 'direction' (UP or DOWN), 'targetWh' >= 1 and "
                        + "'pointsPerKwh' >= 0");
            }
            int from = timeOfDay(e.from(), what + " from");
            int to = e.to() == null ? from : timeOfDay(e.to(), what + " to");
            if (to < from || to >= SolarModel.SLOTS_PER_DAY || to - from >= 12) {
                throw new SimulationInputException(what + ": 'from'..'to' must be 1-12 slots of the day");
            }
            responsePermille(e);
            if (e.enrol() == null || e.enrol().isEmpty() || !groups.containsAll(e.enrol())) {
                throw new SimulationInputException(what + ": 'enrol' must list participant groups of the scenario, got "
                        + e.enrol());
            }
            if (e.dispatch() != null) {
                for (String d : e.dispatch()) {
                    if (!e.enrol().contains(d) || !batteryGroups.contains(d)) {
                        throw new SimulationInputException(what + ": 'dispatch' must list battery groups it enrols, got '"
                                + d + "'");
                    }
                }
            }
            if (e.dispatchPct() != null && (e.dispatchPct() < 1 || e.dispatchPct() > 100)) {
                throw new SimulationInputException(what + ": 'dispatchPct' must be 1-100, got " + e.dispatchPct());
            }
        }
        return scenario.demandResponse().events();
    }

    private static int responsePermille(Scenario.DrEvent e) throws SimulationInputException {
        int pct = e.responsePct() == null ? 15 : e.responsePct();
        if (pct < 0 || pct > 100) {
            throw new SimulationInputException("DR event '" + e.id() + "': 'responsePct' must be 0-100, got " + pct);
        }
        return pct * 10;
    }

    /** The day's DR events (none when the run has them off). */
    public List<DrPlan> drEvents() {
        return drEvents;
    }

    /**
     * A participant's net load per slot of the day without any DR event (load − PV of its base
     * profile), the history its baseline is computed from; null for sites without a base profile (EVs).
     */
    public long[] baseNetWh(String participantId) {
        long[] v = baseNetWh.get(participantId);
        return v == null ? null : v.clone();
    }

    private static List<String> ids(Scenario.Group g) throws SimulationInputException {
        if (g.id() == null || !g.id().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,39}")) {
            throw new SimulationInputException("participant group id '" + g.id()
                    + "' must be 1-40 characters of [A-Za-z0-9._-], starting with a letter or digit");
        }
        if (g.agent() == null) {
            throw new SimulationInputException("participant group '" + g.id() + "': 'agent' is missing (one of "
                    + "pv-prosumer, battery, ev, flexible, retailer)");
        }
        int count = g.count() == null ? 1 : g.count();
        if (count < 1 || count > 5000) {
            throw new SimulationInputException("participant group '" + g.id() + "': count must be 1-5000, got " + count);
        }
        if (count == 1) {
            return List.of(g.id());
        }
        int width = Math.max(2, Integer.toString(count).length());
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            out.add(g.id() + "-" + "0".repeat(width - Integer.toString(i).length()) + i);
        }
        return out;
    }

    private static SimParticipant participant(Scenario.Group g, String id, ProfileGenerator profiles, Season season,
                                              long seed, Set<String> orgs, long[] communityNet,
                                              List<Scenario.DrEvent> events, Map<String, long[]> baseNet)
            throws SimulationInputException {
        Random r = Seeds.random(seed, "participant", id);
        String kind = g.kind() == null ? "HOUSEHOLD" : g.kind();
        String org = org(g, kind, orgs);
        String location = location(g, indexOf(id, g));
        Scenario.PricingRanges pr = g.pricing() == null ? new Scenario.PricingRanges(null, null, null, null)
                : g.pricing();
        Pricing pricing = new Pricing((int) permille(pr.ask(), 100, 450, g, "ask").draw(r),
                (int) permille(pr.bid(), 550, 850, g, "bid").draw(r));
        long pvWatts = g.pvWatts() == null ? 0 : g.pvWatts().draw(r);
        DayProfile profile = null;
        if (g.agent() != AgentType.EV) {
            if (g.load() == null || g.load().shape() == null || g.load().dailyWh() == null) {
                throw new SimulationInputException("participant group '" + g.id() + "': agent " + g.agent().label()
                        + " needs 'load' with 'shape' and 'dailyWh'");
            }
            profile = profiles.site(id, g.load().shape(), g.load().dailyWh().draw(r), pvWatts);
            for (int t = 0; t < communityNet.length; t++) {
                communityNet[t] += profile.expectedLoadWh(t) - profile.expectedPvWh(t);
            }
            long[] net = new long[SolarModel.SLOTS_PER_DAY];
            for (int t = 0; t < net.length; t++) {
                net[t] = profile.loadWh(t) - profile.pvWh(t);
            }
            baseNet.put(org(g, kind, orgs) + "MSP:" + id, net);
            for (Scenario.DrEvent e : events) {
                int from = timeOfDay(e.from(), "DR event '" + e.id() + "' from");
                int to = e.to() == null ? from : timeOfDay(e.to(), "DR event '" + e.id() + "' to");
                profile = profile.withResponse(from, to, e.direction() == DrDirection.DOWN, responsePermille(e));
            }
        }
        switch (g.agent()) {
            case PV_PROSUMER -> {
                return new SimParticipant(id, g.agent(), pvWatts > 0 ? "pv-prosumer" : "consumer", org, kind, location,
                        pvWatts, 0, 0, new PvProsumerAgent(id, profile, pricing));
            }
            case BATTERY -> {
                Scenario.Battery b = require(g.battery(), g, "battery");
                BatterySpec spec = new BatterySpec(required(b.capacityWh(), g, "battery.capacityWh").draw(r),
                        required(b.powerW(), g, "battery.powerW").draw(r),
                        (int) (percent(b.initialSocPct(), 20, 60, g, "battery.initialSocPct").draw(r) * 10),
                        (b.reservePct() == null ? 10 : b.reservePct()) * 10);
                boolean green = Boolean.TRUE.equals(b.environmentFirst());
                return new SimParticipant(id, g.agent(), green ? "battery (environment first)" : "battery", org, kind,
                        location, pvWatts, spec.capacityWh(), 0,
                        new BatteryAgent(id, profile, spec, PriceLadder.DEFAULT, green, pricing));
            }
            case EV -> {
                Scenario.Ev e = require(g.ev(), g, "ev");
                int jitter = e.jitterSlots() == null ? 0 : e.jitterSlots();
                int shift = (int) Seeds.between(r, -jitter, jitter);
                EvSpec spec;
                try {
                    spec = new EvSpec(required(e.capacityWh(), g, "ev.capacityWh").draw(r),
                            required(e.chargeW(), g, "ev.chargeW").draw(r),
                            required(e.tripWh(), g, "ev.tripWh").draw(r),
                            (int) (percent(e.initialSocPct(), 50, 50, g, "ev.initialSocPct").draw(r) * 10),
                            (e.workTargetPct() == null ? 90 : e.workTargetPct()) * 10,
                            (e.homeTargetPct() == null ? 40 : e.homeTargetPct()) * 10,
                            slotOf(e.departHome(), "07:30", g) + shift, slotOf(e.arriveWork(), "08:30", g) + shift,
                            slotOf(e.departWork(), "17:30", g) + shift, slotOf(e.arriveHome(), "18:30", g) + shift);
                } catch (IllegalArgumentException ex) {
                    throw new SimulationInputException("participant group '" + g.id() + "': " + ex.getMessage());
                }
                int cheap = (int) permille(pr.cheap(), 250, 400, g, "cheap").draw(r);
                EvAgent agent = new EvAgent(id, spec, cheap);
                for (Scenario.DrEvent ev : events) {
                    int from = timeOfDay(ev.from(), "DR event '" + ev.id() + "' from");
                    agent.respond(from, ev.to() == null ? from : timeOfDay(ev.to(), "DR event '" + ev.id() + "' to"),
                            ev.direction() == DrDirection.DOWN);
                }
                return new SimParticipant(id, g.agent(), "ev", org, kind, location, 0, 0, spec.capacityWh(), agent);
            }
            case FLEXIBLE -> {
                Scenario.Flexible f = require(g.flexible(), g, "flexible");
                FlexSpec spec;
                try {
                    spec = new FlexSpec(required(f.dailyWh(), g, "flexible.dailyWh").draw(r),
                            required(f.maxPerSlotWh(), g, "flexible.maxPerSlotWh").draw(r),
                            slotOf(f.windowStart(), "09:00", g), slotOf(f.deadline(), "24:00", g),
                            (f.surplusPct() == null ? 60 : f.surplusPct()) * 10);
                } catch (IllegalArgumentException ex) {
                    throw new SimulationInputException("participant group '" + g.id() + "': " + ex.getMessage());
                }
                int dr = (int) permille(pr.demandResponse(), 350, 550, g, "demandResponse").draw(r);
                return new SimParticipant(id, g.agent(), "flexible", org, kind, location, pvWatts, 0, 0,
                        new FlexibleLoadAgent(id, profile, spec, season, pricing, dr));
            }
            default -> throw new IllegalStateException("retailers are built last");
        }
    }

    private static int indexOf(String id, Scenario.Group g) {
        if (id.equals(g.id())) {
            return 0;
        }
        return Integer.parseInt(id.substring(g.id().length() + 1)) - 1;
    }

    private static String location(Scenario.Group g, int index) {
        if (g.locations() == null || g.locations().isEmpty()) {
            return null;
        }
        return g.locations().get(index % g.locations().size());
    }

    private static String org(Scenario.Group g, String kind, Set<String> orgs) throws SimulationInputException {
        String org = g.org() != null ? g.org() : switch (kind) {
            case "BUSINESS" -> "ExchangeOrg";
            case "MUNICIPAL" -> "MunicipalityOrg";
            default -> "RetailerOrg";
        };
        if (!ORGS.contains(org)) {
            throw new SimulationInputException("participant group '" + g.id() + "': org must be one of " + ORGS
                    + ", got '" + org + "'");
        }
        if (!orgs.contains(org)) {
            if ("MunicipalityOrg".equals(org) && orgs.contains("ExchangeOrg")) {
                return "ExchangeOrg";
            }
            throw new SimulationInputException("participant group '" + g.id() + "': the network has no " + org);
        }
        return org;
    }

    private static <T> T require(T value, Scenario.Group g, String field) throws SimulationInputException {
        if (value == null) {
            throw new SimulationInputException("participant group '" + g.id() + "': agent " + g.agent().label()
                    + " needs '" + field + "'");
        }
        return value;
    }

    private static Range required(Range value, Scenario.Group g, String field) throws SimulationInputException {
        if (value == null) {
            throw new SimulationInputException("participant group '" + g.id() + "': '" + field + "' is missing");
        }
        if (value.lo() < 0) {
            throw new SimulationInputException("participant group '" + g.id() + "': '" + field + "' must not be negative");
        }
        return value;
    }

    private static Range permille(Range value, long lo, long hi, Scenario.Group g, String field)
            throws SimulationInputException {
        Range r = value == null ? new Range(lo, hi) : value;
        if (r.lo() < 0 || r.hi() > 1000) {
            throw new SimulationInputException("participant group '" + g.id() + "': pricing." + field
                    + " must lie in 0-1000 permille of the tariff spread");
        }
        return r;
    }

    private static Range percent(Range value, long lo, long hi, Scenario.Group g, String field)
            throws SimulationInputException {
        Range r = value == null ? new Range(lo, hi) : value;
        if (r.lo() < 0 || r.hi() > 100) {
            throw new SimulationInputException("participant group '" + g.id() + "': '" + field + "' must be 0-100 %");
        }
        return r;
    }

    private static int slotOf(String time, String fallback, Scenario.Group g) throws SimulationInputException {
        return timeOfDay(time == null ? fallback : time, "participant group '" + g.id() + "'");
    }

    /**
     * The slot index of {@code HH:MM} on the half hour ({@code 24:00} = 48).
     *
     * @param what names the value in the refusal message
     */
    static int timeOfDay(String time, String what) throws SimulationInputException {
        if (time == null || !time.matches("\\d{2}:(00|30)")) {
            throw new SimulationInputException(what + ": time '" + time + "' must be HH:MM on the half hour");
        }
        int index = Integer.parseInt(time.substring(0, 2)) * 2 + (time.endsWith("30") ? 1 : 0);
        if (index > SolarModel.SLOTS_PER_DAY) {
            throw new SimulationInputException(what + ": time '" + time + "' is not in a day");
        }
        return index;
    }

    /** The scenario. */
    public Scenario scenario() {
        return scenario;
    }

    /** The season simulated. */
    public Season season() {
        return season;
    }

    /** The weather simulated. */
    public Weather weather() {
        return weather;
    }

    /** The seed. */
    public long seed() {
        return seed;
    }

    /** Every participant, the retailers last. */
    public List<SimParticipant> participants() {
        return participants;
    }
}
