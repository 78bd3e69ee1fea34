package io.p2pe.cli;

import io.p2pe.market.Units;
import io.p2pe.market.dr.DrDirection;
import io.p2pe.protocol.BatteryDispatch;
import io.p2pe.protocol.DrEnrolment;
import io.p2pe.protocol.DrEvent;
import io.p2pe.protocol.DrPerformance;
import io.p2pe.sdk.DrEventRequest;
import io.p2pe.sdk.P2peConnection;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code p2pe dr declare|enrol|measure|close|show|list|enrolments|performance}: demand-response
 * events; {@code p2pe dr dispatch|response|dispatches}: battery dispatch by an aggregator.
 */
@Command(name = "dr", mixinStandardHelpOptions = true, description = "Demand-response events.",
        subcommands = {DrCommand.Declare.class, DrCommand.Enrol.class, DrCommand.Measure.class, DrCommand.Close.class,
                DrCommand.Show.class, DrCommand.ListEvents.class, DrCommand.Enrolments.class,
                DrCommand.PerformanceOf.class, DrCommand.Dispatch.class, DrCommand.Response.class,
                DrCommand.Dispatches.class})
final class DrCommand {
    private static final List<String> EVENT_HEADER = List.of("EVENT", "DIRECTION", "FROM", "TO", "TARGET KWH",
            "POINTS/KWH", "DEADLINE", "STATUS", "CREDITED KWH", "POINTS ISSUED");

    private DrCommand() {
    }

    private static List<String> eventRow(DrEvent e) {
        return List.of(e.eventId(), e.direction().name(), e.slots().get(0), e.slots().get(e.slots().size() - 1),
                Units.kwh(e.targetWh()), Long.toString(e.pointsPerKwh()), e.enrolmentDeadline(), e.status().name(),
                e.result() == null ? "" : Units.kwh(e.result().creditedWh()),
                e.result() == null ? "" : Long.toString(e.result().pointsIssued()));
    }

    private static void event(PrintWriter out, ConnectionOptions options, DrEvent e) throws Exception {
        Output.write(out, options.output, e, new Output.Table(EVENT_HEADER, List.of(eventRow(e))));
    }

    private static void performance(PrintWriter out, ConnectionOptions options, DrPerformance p) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        for (DrPerformance.Slot s : p.slots()) {
            rows.add(List.of(p.participant(), s.slot(), Units.kwh(s.baselineWh()), Units.kwh(s.actualWh()),
                    Units.kwh(s.deliveredWh()), Long.toString(s.points())));
        }
        if (rows.isEmpty()) {
            rows.add(List.of(p.participant(), p.baselineStatus(), "", "", Units.kwh(p.deliveredWh()),
                    Long.toString(p.points())));
        }
        Output.write(out, options.output, p, new Output.Table(List.of("PARTICIPANT", "SLOT", "BASELINE KWH",
                "ACTUAL KWH", "DELIVERED KWH", "POINTS"), rows));
    }

    @Command(name = "declare", mixinStandardHelpOptions = true,
            description = "Declare an event (operator, or a retailer when the DR programme allows).")
    static final class Declare extends LedgerCommand {
        @Option(names = "--event", required = true, description = "Event id, 1-64 characters of [A-Za-z0-9._-].")
        String eventId;
        @Option(names = "--direction", required = true, description = "UP or DOWN.")
        DrDirection direction;
        @Option(names = "--from", required = true, description = "First slot.")
        String from;
        @Option(names = "--to", description = "Last slot (default: the first).")
        String to;
        @Option(names = "--target-kwh", required = true, converter = HumanUnits.Kwh.class,
                description = "Energy the event should deliver, kWh.")
        long targetWh;
        @Option(names = "--points-per-kwh", required = true, description = "Incentive points per kWh delivered.")
        long pointsPerKwh;
        @Option(names = "--deadline", required = true,
                description = "Enrolment deadline, ISO-8601 with an offset (e.g. 2026-06-17T15:00+09:00).")
        String deadline;

        @Override
        int execute(P2peConnection c, PrintWriter out) throws Exception {
            Instant d;
            try {
                d = OffsetDateTime.parse(deadline).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("option '--deadline': must be ISO-8601 with an offset, got " + deadline);
            }
            DrEvent e = c.demandResponse().declare(DrEventRequest.builder().eventId(eventId).direction(direction)
                    .slots(slot(c, "--from", from), slot(c, "--to", to == null ? from : to)).targetWh(targetWh)
                    .pointsPerKwh(pointsPerKwh).enrolmentDeadline(d).build());
            event(out, connection, e);
            return 0;
        }
    }

    @Command(name = "enrol", mixinStandardHelpOptions = true, description = "Enrol yourself in an event.")
    static final class Enrol extends OfEvent {
        @Override
        int execute(P2peConnection c, PrintWriter out) throws Exception {
            DrEnrolment e = c.demandResponse().enrol(eventId);
            Output.write(out, connection.output, e, new Output.Table(List.of("EVENT", "PARTICIPANT", "ENROLLED AT"),
                    List.of(List.of(e.eventId(), e.participant(), e.enrolledAt()))));
            return 0;
        }
    }

    /** A command about one event. */
    abstract static class OfEvent extends LedgerCommand {
        @Option(names = "--event", required = true, description = "Event id.")
        String eventId;
    }

    /** A command about one enrolled participant of one event. */
    abstract static class OfParticipant extends OfEvent {
        @Option(names = "--participant", required = true, description = "Participant id.")
        String participant;
    }

    @Command(name = "measure", mixinStandardHelpOptions = true,
            description = "Measure an enrolled participant against its baseline and credit its points.")
    static final class Measure extends OfParticipant {
        @Override
        int execute(P2peConnection c, PrintWriter out) throws Exception {
            performance(out, connection, c.demandResponse().measure(eventId, participant));
            return 0;
        }
    }

    @Command(name = "performance", mixinStandardHelpOptions = true,
            description = "A participant's measurement: baseline, actual, delivered and points per slot.")
    static final class PerformanceOf extends OfParticipant {
        @Override
        int execute(P2peConnection c, PrintWriter out) throws Exception {
            performance(out, connection, c.demandResponse().performance(eventId, participant));
            return 0;
        }
    }

    @Command(name = "close", mixinStandardHelpOptions = true, description = "Close an event with its result.")
    static final class Close extends OfEvent {
        @Override
        int execute(P2peConnection c, PrintWriter out) throws Exception {
            event(out, connection, c.demandResponse().close(eventId));
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One event.")
    static final class Show extends OfEvent {
        @Override
        int execute(P2peConnection c, PrintWriter out) throws Exception {
            event(out, connection, c.demandResponse().event(eventId));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every event.")
    static final class ListEvents extends LedgerCommand {
        @Override
        int execute(P2peConnection c, PrintWriter out) throws Exception {
            List<DrEvent> events = c.demandResponse().events();
            List<List<String>> rows = new ArrayList<>();
            for (DrEvent e : events) {
                rows.add(eventRow(e));
            }
            Output.write(out, connection.output, events, new Output.Table(EVENT_HEADER, rows));
            return 0;
        }
    }

    @Command(name = "enrolments", mixinStandardHelpOptions = true,
            description = "An event's enrolments (operator, auditors, the declarer).")
    static final class Enrolments extends OfEvent {
        @Override
        int execute(P2peConnection c, PrintWriter out) throws Exception {
            List<DrEnrolment> all = c.demandResponse().enrolments(eventId);
            List<List<String>> rows = new ArrayList<>();
            for (DrEnrolment e : all) {
                rows.add(List.of(e.eventId(), e.participant(), e.enrolledAt()));
            }
            Output.write(out, connection.output, all, new Output.Table(List.of("EVENT", "PARTICIPANT", "ENROLLED AT"),
                    rows));
            return 0;
        }
    }

    private static final List<String> DISPATCH_HEADER = List.of("PARTICIPANT", "SLOT", "DIRECTION", "KWH", "EVENT",
            "AGGREGATOR", "RESPONDED KWH");

    private static List<String> dispatchRow(BatteryDispatch d) {
        return List.of(d.participant(), d.slot(), d.direction().name(), Units.kwh(d.wh()), Output.s(d.eventId()),
                d.aggregator(), d.response() == null ? "" : Units.kwh(d.response().respondedWh()));
    }

    @Command(name = "dispatch", mixinStandardHelpOptions = true,
            description = "Instruct a battery whose owner authorised you (aggregator) for a coming slot.")
    static final class Dispatch extends LedgerCommand {
        @Option(names = "--participant", required = true, description = "The battery's owner.")
        String participant;
        @Option(names = "--slot", required = true, description = "Slot start.")
        String slot;
        @Option(names = "--direction", required = true, description = "CHARGE or DISCHARGE.")
        BatteryDispatch.Direction direction;
        @Option(names = "--kwh", required = true, converter = HumanUnits.Kwh.class, description = "Energy in the slot, kWh.")
        long wh;
        @Option(names = "--event", description = "The DR event it serves.")
        String eventId;

        @Override
        int execute(P2peConnection c, PrintWriter out) throws Exception {
            BatteryDispatch d = c.demandResponse().dispatchBattery(participant, slot(c, "--slot", slot), direction, wh,
                    eventId);
            Output.write(out, connection.output, d, new Output.Table(DISPATCH_HEADER, List.of(dispatchRow(d))));
            return 0;
        }
    }

    @Command(name = "response", mixinStandardHelpOptions = true,
            description = "Record a dispatched battery's metered response against its baseline.")
    static final class Response extends LedgerCommand {
        @Option(names = "--participant", required = true, description = "The battery's owner.")
        String participant;
        @Option(names = "--slot", required = true, description = "Slot start.")
        String slot;

        @Override
        int execute(P2peConnection c, PrintWriter out) throws Exception {
            BatteryDispatch d = c.demandResponse().recordDispatchResponse(participant, slot(c, "--slot", slot));
            Output.write(out, connection.output, d, new Output.Table(DISPATCH_HEADER, List.of(dispatchRow(d))));
            return 0;
        }
    }

    @Command(name = "dispatches", mixinStandardHelpOptions = true, description = "A battery's instructions in a period.")
    static final class Dispatches extends LedgerCommand {
        @Option(names = "--participant", required = true, description = "The battery's owner.")
        String participant;
        @Option(names = "--from", required = true, description = "First slot.")
        String from;
        @Option(names = "--to", required = true, description = "Last slot.")
        String to;

        @Override
        int execute(P2peConnection c, PrintWriter out) throws Exception {
            List<BatteryDispatch> all = c.demandResponse().dispatches(participant, slot(c, "--from", from),
                    slot(c, "--to", to));
            List<List<String>> rows = new ArrayList<>();
            for (BatteryDispatch d : all) {
                rows.add(dispatchRow(d));
            }
            Output.write(out, connection.output, all, new Output.Table(DISPATCH_HEADER, rows));
            return 0;
        }
    }
}
