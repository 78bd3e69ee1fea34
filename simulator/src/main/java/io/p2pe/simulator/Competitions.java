package io.p2pe.simulator;

import io.p2pe.market.proposal.SurplusRate;
import io.p2pe.sdk.solver.CompetitionOutcome;
import io.p2pe.sdk.solver.ProposalScore;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the competition outcomes the ledger recorded for a day's slots, and what each solver did,
 * into the report's {@link ReportData.Competition}. Pure: no ledger access.
 */
final class Competitions {
    private Competitions() {
    }

    /**
     * A slot as the report needs it.
     *
     * @param slot the slot
     * @param outcome the outcome the ledger recorded, or null if it recorded none
     * @param attempts what each solver did, in solver order
     */
    record SlotInput(String slot, CompetitionOutcome outcome, List<ReportData.Attempt> attempts) {
    }

    static ReportData.Competition assemble(String objective, int windowMinutes, List<SimSolver> solvers,
                                           List<SlotInput> slots) {
        Map<String, Integer> won = new LinkedHashMap<>();
        solvers.forEach(s -> won.put(s.name(), 0));
        won.put(CompetitionOutcome.BUILT_IN, 0);
        List<ReportData.SlotCompetition> rows = new ArrayList<>();
        for (SlotInput in : slots) {
            ReportData.SlotCompetition row = row(objective, solvers, in);
            rows.add(row);
            if (row.winner() != null) {
                won.merge(row.winner(), 1, Integer::sum);
            }
        }
        List<ReportData.Wins> wins = new ArrayList<>();
        for (Map.Entry<String, Integer> e : won.entrySet()) {
            SimSolver s = solvers.stream().filter(x -> x.name().equals(e.getKey())).findFirst().orElse(null);
            wins.add(new ReportData.Wins(e.getKey(), s == null ? null : s.org(), s == null ? null : s.method(),
                    e.getValue()));
        }
        List<ReportData.Solver> specs = solvers.stream().map(s -> new ReportData.Solver(s.name(), s.org(), s.method()))
                .toList();
        return new ReportData.Competition(objective, windowMinutes, specs, rows, wins);
    }

    private static ReportData.SlotCompetition row(String objective, List<SimSolver> solvers, SlotInput in) {
        CompetitionOutcome o = in.outcome();
        if (o == null || o.winner() == null) {
            return new ReportData.SlotCompetition(in.slot(), null, null, null, 0, null, null, null, null, null, null,
                    null, null, "the ledger recorded no competition for this slot", in.attempts());
        }
        SimSolver winner = solverOf(o.winner(), solvers);
        ReportData.Score w = score(o.winner().score());
        ReportData.Score b = o.builtIn() == null ? null : score(o.builtIn().score());
        String rateGain = null;
        Long surplusGain = null;
        Long volumeGain = null;
        if (b != null) {
            surplusGain = w.surplus() - b.surplus();
            volumeGain = w.volumeWh() - b.volumeWh();
            if (w.minSurplusRate() != null && b.minSurplusRate() != null) {
                rateGain = difference(w.minSurplusRate(), b.minSurplusRate());
            }
        }
        return new ReportData.SlotCompetition(in.slot(), name(o.winner(), solvers),
                winner == null ? (o.winner().isBuiltIn() ? null : o.winner().solverMsp()) : winner.org(),
                winner == null ? null : winner.method(), o.candidates(), w, b, o.builtInRefusal(),
                o.runnerUp() == null ? null : name(o.runnerUp(), solvers),
                o.runnerUp() == null ? null : score(o.runnerUp().score()), rateGain, surplusGain, volumeGain,
                margin(objective, o, w, b, rateGain, surplusGain, volumeGain), in.attempts());
    }

    /** By how much the winner beat the engine, in the objective's order of criteria. */
    static String margin(String objective, CompetitionOutcome o, ReportData.Score w, ReportData.Score b,
                         String rateGain, Long surplusGain, Long volumeGain) {
        if (b == null) {
            return "the built-in engine refused the book" + (o.builtInRefusal() == null ? "" : " (" + o.builtInRefusal()
                    + ")") + "; the best proposal cleared it";
        }
        if (o.winner().isBuiltIn()) {
            return "the built-in result won";
        }
        String surplus = "surplus " + signed(surplusGain, 5) + " JPY";
        String volume = "volume " + signed(volumeGain, 3) + " kWh";
        String gains = switch (objective) {
            case "MAX_MIN_SURPLUS" -> "smallest surplus rate " + w.minSurplusRate() + " vs " + b.minSurplusRate()
                    + " ticks (" + (rateGain == null ? "n/a" : rateGain.startsWith("-") || rateGain.equals("0")
                    ? rateGain : "+" + rateGain) + "), " + surplus;
            case "MAX_VOLUME" -> volume + ", " + surplus;
            default -> surplus + ", " + volume;
        };
        boolean tie = w.equals(b);
        return tie ? "tie with the built-in result, won the draw" : gains;
    }

    private static String signed(long value, int scale) {
        return (value > 0 ? "+" : "") + Fmt.decimal(value, scale);
    }

    /** {@code a − b} of two exact fractions written as the ledger writes them ({@code "7/3"}, {@code "5"}), reduced. */
    static String difference(String a, String b) {
        SurplusRate x = SurplusRate.parse(a);
        SurplusRate y = SurplusRate.parse(b);
        BigInteger num = BigInteger.valueOf(x.numerator()).multiply(BigInteger.valueOf(y.denominator()))
                .subtract(BigInteger.valueOf(y.numerator()).multiply(BigInteger.valueOf(x.denominator())));
        BigInteger den = BigInteger.valueOf(x.denominator()).multiply(BigInteger.valueOf(y.denominator()));
        BigInteger g = num.gcd(den);
        if (g.signum() != 0) {
            num = num.divide(g);
            den = den.divide(g);
        }
        if (den.signum() < 0) {
            num = num.negate();
            den = den.negate();
        }
        return den.equals(BigInteger.ONE) ? num.toString() : num + "/" + den;
    }

    private static ReportData.Score score(ProposalScore s) {
        return s == null ? null : new ReportData.Score(s.minSurplusRate(), s.surplus(), s.volumeWh());
    }

    /** The day's solver a candidate is: same MSP and the certificate's CN its identity's name. */
    static SimSolver solverOf(CompetitionOutcome.Candidate c, List<SimSolver> solvers) {
        if (c.isBuiltIn()) {
            return null;
        }
        String cn = commonName(c.solver());
        for (SimSolver s : solvers) {
            if (s.mspId().equals(c.solverMsp()) && s.name().equals(cn)) {
                return s;
            }
        }
        return null;
    }

    /** The report's name of a candidate: the day's solver, else the certificate's CN (another solver on the network). */
    private static String name(CompetitionOutcome.Candidate c, List<SimSolver> solvers) {
        if (c.isBuiltIn()) {
            return CompetitionOutcome.BUILT_IN;
        }
        SimSolver s = solverOf(c, solvers);
        if (s != null) {
            return s.name();
        }
        String cn = commonName(c.solver());
        return cn != null ? cn : c.solver();
    }

    /** The subject's CN of a client id {@code x509::<subject>::<issuer>}, or null. */
    static String commonName(String clientId) {
        if (clientId == null || !clientId.startsWith("x509::")) {
            return null;
        }
        String rest = clientId.substring("x509::".length());
        int end = rest.indexOf("::");
        String subject = end < 0 ? rest : rest.substring(0, end);
        for (String part : subject.split("[,/]")) {
            String p = part.trim();
            if (p.startsWith("CN=")) {
                return p.substring(3);
            }
        }
        return null;
    }
}
