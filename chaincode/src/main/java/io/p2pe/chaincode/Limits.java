package io.p2pe.chaincode;

import io.p2pe.protocol.Contracts;
import io.p2pe.protocol.ErrorCode;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Bounded input: every argument of every transaction is measured in UTF-8 bytes before any
 * contract code reads it, so an oversized argument (a 50 MB "order") is refused with
 * BEYOND_LIMITS instead of being parsed into a JSON tree in the chaincode server's heap. The
 * limits are the configuration's {@code maxArgumentBytes} and, for ProposeClearing's proposal
 * (a whole matching of a slot's book), {@code maxProposalBytes} (docs/chaincode.md, limits).
 */
final class Limits {
    private static final List<Class<?>> CONTRACTS = List.of(ConfigContract.class, ParticipantContract.class,
            OrderContract.class, SlotContract.class, ProposalContract.class, MeterContract.class,
            SettlementContract.class, ProvenanceContract.class);
    /** The one argument that may be larger than a single record. */
    static final String PROPOSAL_ARGUMENT = Contracts.Proposal.NAME + ":" + Contracts.Proposal.PROPOSE_CLEARING
            + "/proposal";
    /** {@code contract:Transaction} → the names of its parameters after the Context, as GetMetadata lists them. */
    private static final Map<String, List<String>> PARAMETERS = parameters();

    private Limits() {
    }

    /**
     * Refuses the invocation on the stub when one of its arguments is over its limit. Runs before
     * the transaction method (P2peContract.beforeTransaction); the config read is the one every
     * transaction makes anyway, and before the first configuration the defaults apply.
     */
    static void checkArguments(ChaincodeStub stub) {
        List<byte[]> args = stub.getArgs();
        if (args.size() < 2) {
            return;
        }
        String function = new String(args.get(0), StandardCharsets.UTF_8);
        List<String> names = PARAMETERS.getOrDefault(function, List.of());
        MarketConfig config = ConfigContract.current(stub);
        for (int i = 1; i < args.size(); i++) {
            String name = i - 1 < names.size() ? names.get(i - 1) : "#" + i;
            boolean proposal = PROPOSAL_ARGUMENT.equals(function + "/" + name);
            int limit = proposal
                    ? (config == null ? MarketConfig.DEFAULT_MAX_PROPOSAL_BYTES : config.maxProposalBytes())
                    : (config == null ? MarketConfig.DEFAULT_MAX_ARGUMENT_BYTES : config.maxArgumentBytes());
            int size = args.get(i).length;
            if (size > limit) {
                throw Refusal.of(ErrorCode.BEYOND_LIMITS, function + ": argument '" + name + "' is " + size
                        + " bytes, more than the limit of " + limit + " bytes (market config "
                        + (proposal ? "maxProposalBytes" : "maxArgumentBytes") + "); it was not read");
            }
        }
    }

    private static Map<String, List<String>> parameters() {
        Map<String, List<String>> out = new TreeMap<>();
        for (Class<?> c : CONTRACTS) {
            String contract = c.getAnnotation(Contract.class).name();
            for (Method m : c.getMethods()) {
                Transaction t = m.getAnnotation(Transaction.class);
                if (t == null) {
                    continue;
                }
                List<String> names = new ArrayList<>();
                Parameter[] ps = m.getParameters();
                for (int i = 1; i < ps.length; i++) {
                    names.add(ps[i].getName());
                }
                out.put(contract + ":" + (t.name().isEmpty() ? m.getName() : t.name()), List.copyOf(names));
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
