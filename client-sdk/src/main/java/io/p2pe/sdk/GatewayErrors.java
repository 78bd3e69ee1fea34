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
        // ABORTED before submission: the gateway could not collect matching endorsements, typically
        // because one endorser had not yet committed the block of the caller's previous transaction
        // (seen on the test network with sequential orders of one participant), or an endorser could
        // not reach its chaincode server ("could not launch chaincode" while it restarts: 20-45 s in
        // test-network-scripts/fault-test.sh). Nothing was sent for ordering, so endorsing again is
        // safe for any transaction; true non-determinism just fails the bounded retries.
        // FAILED_PRECONDITION before submission: the gateway found no set of reachable peers that
        // satisfies the endorsement plan ("no combination of peers can be derived"), as after a
        // peer restart until gossip has found the other orgs again (24 s in fault-test.sh, 176 of
        // 2,000 orders lost when it was final) or while an org the plan needs is down. Nothing was
        // endorsed or ordered: retrying within the policy's attempts is safe.
        boolean retryableEndorsement = !outcomeUnknown && (status.getCode() == Status.Code.ABORTED
                || status.getCode() == Status.Code.FAILED_PRECONDITION);
        return new TransportException(message.toString(), transactionId, code, outcomeUnknown, retryableEndorsement,
                cause);
    }
}
