package io.p2pe.chaincode;

import io.p2pe.market.InvalidInputException;
import io.p2pe.protocol.ErrorCode;
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
}
