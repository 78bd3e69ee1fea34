package io.p2pe.sdk;

import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.GatewayRuntimeException;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;

/** Translates fabric-gateway failures into the SDK's exceptions. */
final class GatewayErrors {
    private GatewayErrors() {
    }

    /**
     * @param operation {@code contract:Function}, for messages
     * @param transactionId the transaction, or null for a query
     * @param outcomeUnknown whether the transaction had been handed to ordering
     */
    static P2peException translate(GatewayException e, String operation, String transactionId, boolean outcomeUnknown) {
        return translate(e.getStatus(), e.getDetails(), e, operation, transactionId, outcomeUnknown);
    }

    static P2peException translate(GatewayRuntimeException e, String operation) {
        return translate(e.getStatus(), e.getDetails(), e, operation, null, false);
    }

    private static P2peException translate(Status status, List<ErrorDetail> details, Exception cause, String operation,
                                           String transactionId, boolean outcomeUnknown) {
        List<String> texts = new ArrayList<>();
        for (ErrorDetail d : details) {
            texts.add(d.getMessage());
        }
        if (status.getDescription() != null) {
            texts.add(status.getDescription());
        }
        for (String text : texts) {
            String message = ChaincodeError.chaincodeMessage(text);
            if (message != null) {
                ChaincodeError error = ChaincodeError.parse(message);
                return new EndorsementRejectedException(transactionId, error.code(), error.field(),
                        error.message(), cause);
            }
        }
        String code = status.getCode().name();
        StringBuilder message = new StringBuilder(operation).append(": gateway call failed with ").append(code);
        if (status.getDescription() != null) {
            message.append(": ").append(status.getDescription());
        }
        for (ErrorDetail d : details) {
            message.append("; ").append(d.getMspId()).append(" ").append(d.getAddress()).append(": ").append(d.getMessage());
        }
        // Endorsers whose results differ answered from different ledger heights: one had not yet
        // committed the block holding the caller's previous transaction (seen on the test network
        // with sequential orders of one participant). Nothing was sent for ordering, so endorsing
        // again is safe for any transaction; true non-determinism just fails the bounded retries.
        // An endorser whose chaincode server is down or restarting ("could not launch chaincode"):
        // the chaincode never ran, nothing was sent for ordering, and the same proposal is endorsed
        // once the server is back (measured by test-network-scripts/fault-test.sh: 20-45 s).
        boolean retryEndorsement = !outcomeUnknown && details.stream()
                .anyMatch(d -> d.getMessage().contains("ProposalResponsePayloads do not match")
                        || d.getMessage().contains("could not launch chaincode"));
        return new TransportException(message.toString(), transactionId, code, outcomeUnknown, retryEndorsement, cause);
    }
}
