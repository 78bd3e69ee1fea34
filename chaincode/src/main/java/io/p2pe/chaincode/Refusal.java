package io.p2pe.chaincode;

import io.p2pe.market.InvalidInputException;
import io.p2pe.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import org.hyperledger.fabric.shim.ChaincodeException;

/**
 * The chaincode's refusals: a {@link ChaincodeException} whose message is
 * {@code CODE: text} ({@link ErrorCode#message}) and whose payload is the code alone, for clients
 * that see it.
 */
final class Refusal {
    private Refusal() {
    }

    /** A refusal with this code. */
    static ChaincodeException of(ErrorCode code, String message) {
        return new ChaincodeException(code.message(message), code.name());
    }

    /** A market refusal, with the engine's message unchanged. */
    static ChaincodeException of(InvalidInputException e) {
        return of(ErrorCode.of(e.code()), e.getMessage());
    }

    /**
     * The refusal of element {@code index} of a batch: its code, and its message after
     * {@code <field>[<index>]: } (e.g. {@code orders[3]: }), so the client knows which element to
     * mend. A refusal without a code is no refusal of the element and is passed on unchanged.
     */
    static ChaincodeException atIndex(String field, int index, ChaincodeException e) {
        String code = e.getPayload() == null ? "" : new String(e.getPayload(), StandardCharsets.UTF_8);
        ErrorCode c = ErrorCode.parse(code).orElseThrow(() -> e);
        String text = e.getMessage().startsWith(code + ": ") ? e.getMessage().substring(code.length() + 2)
                : e.getMessage();
        return of(c, field + "[" + index + "]: " + text);
    }
}
