package io.p2pe.chaincode;

import io.p2pe.protocol.ClockMode;
import io.p2pe.protocol.Contracts;
import io.p2pe.protocol.ErrorCode;
import io.p2pe.protocol.EventNames;
import io.p2pe.protocol.LedgerClock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Market configuration: the operator sets it; everyone reads it; every version is kept. Also the
 * ledger market clock of the LEDGER clock mode, which only the operator advances.
 */
@Contract(name = Contracts.Config.NAME, info = @Info(title = "p2pe market configuration", version = "1.0.0"))
public final class ConfigContract extends P2peContract {
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    /**
     * Replaces the market configuration with a new version (operator only).
     *
     * @param json the configuration fields; absent fields take their defaults
     * @return the stored configuration
     */
    @Transaction(name = Contracts.Config.SET_MARKET_CONFIG, intent = Transaction.TYPE.SUBMIT)
    public String setMarketConfig(Context ctx, String json) {
        ChaincodeStub stub = ctx.getStub();
        MarketConfig current = current(stub);
        Caller caller = Caller.of(ctx);
        if (!caller.has(Role.OPERATOR, current)) {
            throw Refusal.of(ErrorCode.FORBIDDEN, "SetMarketConfig needs role operator from an MSP allowed to hold it; caller is "
                    + caller.describe());
        }
        long version = current == null ? 1 : Math.addExact(current.version(), 1);
        MarketConfig next = MarketConfig.parse(json, version, Tx.timestamp(stub), caller.clientId(), stub.getTxId());
        if (!next.mspsOf(Role.OPERATOR).contains(caller.mspId())) {
            // The only operator the ledger knows exists is the caller: a configuration without its
            // MSP (a typo, a hand-over) could leave the market with no operator able to change it.
            // Hand the role over in two steps: add the new org, then let its operator drop the old.
            throw Refusal.of(ErrorCode.CONFLICT, "config: field 'roleMsps.operator' must include the caller's MSP "
                    + caller.mspId() + " (got " + next.mspsOf(Role.OPERATOR) + "), else no operator might be left "
                    + "to change the configuration");
        }
        if (current != null) {
            requireNoStrandedSlot(stub, current, next);
        }
        int size = json.getBytes(StandardCharsets.UTF_8).length;
        if (size > next.maxArgumentBytes()) {
            throw Refusal.of(ErrorCode.OUT_OF_RANGE, "config: field 'maxArgumentBytes' must be at least the size of this "
                    + "configuration, " + size + " bytes, else it could not be sent again; got " + next.maxArgumentBytes());
        }
        Ledger.put(stub, Keys.config(), next);
        Ledger.put(stub, Keys.configVersion(version), next);
        ClockMode before = current == null ? ClockMode.TIMESTAMP : current.clockMode();
        if (before != next.clockMode() && stub.getState(Keys.clock()) != null) {
            // A clock left from an earlier LEDGER period must not hold the next one back: the
            // first AdvanceLedgerTime after LEDGER is switched on starts the clock anew.
            stub.delState(Keys.clock());
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", version);
        event.put("mechanism", next.mechanism());
        event.put("clockMode", next.clockMode());
        event.put("slotLengthMinutes", next.slotLengthMinutes());
        event.put("txId", stub.getTxId());
        Events.emit(stub, EventNames.MARKET_CONFIG_SET, event);
        return Json.write(next);
    }

    /**
     * A slot's text and key follow slotLengthMinutes and timeZone: under another length or zone a
     * slot with orders could no longer be named, so it could not be cleared or settled. So neither
     * changes while a slot has open orders that are not settled, which is exactly while a position
     * key exists (SubmitOrder creates the participant's; its last CancelOrder and the slot's
     * SettleSlot delete them). Reading the first position key is enough, and the scan makes an order
     * that creates one in the same block invalidate this change (phantom read).
     */
    private static void requireNoStrandedSlot(ChaincodeStub stub, MarketConfig current, MarketConfig next) {
        String field = current.slotLengthMinutes() != next.slotLengthMinutes() ? "slotLengthMinutes"
                : !current.timeZone().equals(next.timeZone()) ? "timeZone" : null;
        if (field == null) {
            return;
        }
        Position open = Ledger.first(stub, Keys.prefix(Keys.POSITION), Position.class);
        if (open != null) {
            throw Refusal.of(ErrorCode.CONFLICT, "config: field '" + field + "' cannot change while a slot has orders "
                    + "that are not settled: slot " + open.slot() + " has open orders of " + open.participant()
                    + "; settle every slot with orders (or cancel their orders before gate closure), then change it");
        }
    }

    /**
     * Advances the ledger market clock (operator only, LEDGER clock mode only). Time never goes
     * back; the same time again changes nothing. The first advance after LEDGER is switched on may
     * set any time.
     *
     * @param time ISO-8601 with offset, e.g. {@code 2026-06-17T12:00+09:00} or {@code 2026-06-17T03:00:00Z}
     * @return {@code {"clockMode":"LEDGER","ledgerTime":"<UTC ISO instant>","txId"}}
     */
    @Transaction(name = Contracts.Config.ADVANCE_LEDGER_TIME, intent = Transaction.TYPE.SUBMIT)
    public String advanceLedgerTime(Context ctx, String time) {
        ChaincodeStub stub = ctx.getStub();
        MarketConfig config = require(stub);
        Caller caller = Caller.of(ctx);
        if (!caller.has(Role.OPERATOR, config)) {
            throw Refusal.of(ErrorCode.FORBIDDEN, "AdvanceLedgerTime needs role operator from an MSP allowed to hold it; "
                    + "caller is " + caller.describe());
        }
        if (config.clockMode() != ClockMode.LEDGER) {
            throw Refusal.of(ErrorCode.INVALID_STATE, "AdvanceLedgerTime: the market's clockMode is "
                    + config.clockMode() + "; the ledger clock runs only in LEDGER mode");
        }
        Instant next = parseTime(time, "AdvanceLedgerTime", "time");
        LedgerClock clock = Ledger.get(stub, Keys.clock(), LedgerClock.class);
        if (clock != null) {
            Instant now = Instant.parse(clock.ledgerTime());
            if (next.isBefore(now)) {
                throw Refusal.of(ErrorCode.OUT_OF_RANGE, "AdvanceLedgerTime: field 'time' must not be before the ledger "
                        + "time " + clock.ledgerTime() + ", got " + Args.quote(time));
            }
            if (next.equals(now)) {
                return Json.write(clock);
            }
        }
        LedgerClock advanced = new LedgerClock(ClockMode.LEDGER, Slots.iso(next), stub.getTxId());
        Ledger.put(stub, Keys.clock(), advanced);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("ledgerTime", advanced.ledgerTime());
        event.put("txId", stub.getTxId());
        Events.emit(stub, EventNames.LEDGER_TIME_ADVANCED, event);
        return Json.write(advanced);
    }

    /**
     * The market clock: its mode and, in LEDGER mode, the ledger time (null before the first
     * advance, and always null in TIMESTAMP mode). Any identity with a p2pe role.
     *
     * @return {@code {"clockMode","ledgerTime"}}
     */
    @Transaction(name = Contracts.Config.GET_MARKET_CLOCK, intent = Transaction.TYPE.EVALUATE)
    public String getMarketClock(Context ctx) {
        ChaincodeStub stub = ctx.getStub();
        MarketConfig config = require(stub);
        Caller.of(ctx).requireRole(config, "GetMarketClock");
        LedgerClock clock = config.clockMode() == ClockMode.LEDGER
                ? Ledger.get(stub, Keys.clock(), LedgerClock.class) : null;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("clockMode", config.clockMode());
        out.put("ledgerTime", clock == null ? null : clock.ledgerTime());
        return Json.write(out);
    }

    /** A time argument: ISO-8601 with an offset, years 2000-9999 (the market clock, DR deadlines). */
    static Instant parseTime(String text, String tx, String field) {
        if (text == null || text.isEmpty()) {
            throw Refusal.of(ErrorCode.MISSING_FIELD, tx + ": field '" + field + "' is required");
        }
        Instant t;
        try {
            t = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw Refusal.of(ErrorCode.INVALID_FORMAT, tx + ": field '" + field + "' must be ISO-8601 with an offset, "
                    + "like 2026-06-17T12:00+09:00 or 2026-06-17T03:00:00Z, got " + Args.quote(text));
        }
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            throw Refusal.of(ErrorCode.OUT_OF_RANGE, tx + ": field '" + field + "' must be in the years 2000 to 9999, got "
                    + Args.quote(text));
        }
        return t;
    }

    /**
     * The configuration in force; NOT_CONFIGURED before the first SetMarketConfig. Identities with
     * a p2pe role and their orgs' admins.
     */
    @Transaction(name = Contracts.Config.GET_MARKET_CONFIG, intent = Transaction.TYPE.EVALUATE)
    public String getMarketConfig(Context ctx) {
        MarketConfig config = require(ctx.getStub());
        Caller.of(ctx).requireMember(config, "GetMarketConfig");
        return Json.write(config);
    }

    /**
     * Every configuration version, oldest first, one page at a time (identities with a p2pe role
     * and their orgs' admins).
     *
     * @param pageSize 1-500, empty for 50
     * @param bookmark empty for the first page, else the previous page's bookmark
     */
    @Transaction(name = Contracts.Config.GET_MARKET_CONFIG_HISTORY, intent = Transaction.TYPE.EVALUATE)
    public String getMarketConfigHistory(Context ctx, String pageSize, String bookmark) {
        Caller.of(ctx).requireMember(require(ctx.getStub()), "GetMarketConfigHistory");
        Ledger.Page<MarketConfig> page = Ledger.page(ctx.getStub(), Keys.prefix(Keys.CONFIG_VERSION), null, pageSize,
                bookmark, kv -> Json.read(kv.getValue(), MarketConfig.class), null);
        return Json.write(page);
    }

    /** The configuration in force, or null before the first one. */
    static MarketConfig current(ChaincodeStub stub) {
        return Ledger.get(stub, Keys.config(), MarketConfig.class);
    }

    /** The configuration in force; refuses with NOT_CONFIGURED before the first one. */
    static MarketConfig require(ChaincodeStub stub) {
        MarketConfig c = current(stub);
        if (c == null) {
            throw Refusal.of(ErrorCode.NOT_CONFIGURED, "the market has no configuration yet; the operator must call "
                    + "config:SetMarketConfig");
        }
        return c;
    }
}
