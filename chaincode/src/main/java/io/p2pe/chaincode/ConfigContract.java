package io.p2pe.chaincode;

import io.p2pe.protocol.Contracts;
import io.p2pe.protocol.ErrorCode;
import io.p2pe.protocol.EventNames;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeStub;

/** Market configuration: the operator sets it; everyone reads it; every version is kept. */
@Contract(name = Contracts.Config.NAME, info = @Info(title = "p2pe market configuration", version = "1.0.0"))
public final class ConfigContract implements ContractInterface {

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
        Ledger.put(stub, Keys.config(), next);
        Ledger.put(stub, Keys.configVersion(version), next);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", version);
        event.put("mechanism", next.mechanism());
        event.put("slotLengthMinutes", next.slotLengthMinutes());
        event.put("txId", stub.getTxId());
        Events.emit(stub, EventNames.MARKET_CONFIG_SET, event);
        return Json.write(next);
    }

    /** The configuration in force; NOT_CONFIGURED before the first SetMarketConfig. */
    @Transaction(name = Contracts.Config.GET_MARKET_CONFIG, intent = Transaction.TYPE.EVALUATE)
    public String getMarketConfig(Context ctx) {
        return Json.write(require(ctx.getStub()));
    }

    /**
     * Every configuration version, oldest first, one page at a time.
     *
     * @param pageSize 1-500, empty for 50
     * @param bookmark empty for the first page, else the previous page's bookmark
     */
    @Transaction(name = Contracts.Config.GET_MARKET_CONFIG_HISTORY, intent = Transaction.TYPE.EVALUATE)
    public String getMarketConfigHistory(Context ctx, String pageSize, String bookmark) {
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
