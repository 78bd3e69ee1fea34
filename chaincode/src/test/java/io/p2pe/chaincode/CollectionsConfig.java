package io.p2pe.chaincode;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hyperledger.fabric.protos.common.MSPPrincipal;
import org.hyperledger.fabric.protos.common.MSPRole;
import org.hyperledger.fabric.protos.common.SignaturePolicy;
import org.hyperledger.fabric.protos.common.SignaturePolicyEnvelope;

/**
 * The collection definitions the network deploys (network/chaincode/collections_config.json), read
 * as the peer CLI reads them, so the fake peer validates against the very policies the network
 * commits. Signature policies in Fabric's text syntax: {@code AND(...)}, {@code OR(...)},
 * {@code OutOf(n, ...)} over {@code 'MSP.role'} principals.
 */
final class CollectionsConfig {
    static final Path FILE = Path.of("..", "network", "chaincode", "collections_config.json");

    private CollectionsConfig() {
    }

    /** Every collection of the shipped file. */
    static List<InMemoryStub.Collection> shipped() {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readString(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + FILE.toAbsolutePath(), e);
        }
        List<InMemoryStub.Collection> out = new ArrayList<>();
        for (JsonNode c : root) {
            JsonNode ep = c.path("endorsementPolicy").path("signaturePolicy");
            out.add(new InMemoryStub.Collection(c.get("name").asText(), members(c.get("policy").asText()),
                    ep.isMissingNode() ? null : parse(ep.asText()), c.path("memberOnlyRead").asBoolean(false),
                    c.path("memberOnlyWrite").asBoolean(false)));
        }
        return out;
    }

    /** The MSP ids a member policy names (the file's member policies are ORs of {@code .member}). */
    static Set<String> members(String policy) {
        TreeSet<String> out = new TreeSet<>();
        SignaturePolicyEnvelope env = envelope(policy);
        for (MSPPrincipal p : env.getIdentitiesList()) {
            try {
                out.add(MSPRole.parseFrom(p.getPrincipal()).getMspIdentifier());
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new IllegalArgumentException(policy, e);
            }
        }
        return out;
    }

    /** A signature policy in Fabric's text syntax as a serialized SignaturePolicyEnvelope. */
    static byte[] parse(String policy) {
        return envelope(policy).toByteArray();
    }

    private static SignaturePolicyEnvelope envelope(String policy) {
        Parser p = new Parser(policy);
        SignaturePolicy rule = p.expr();
        p.skipSpace();
        if (p.pos != policy.length()) {
            throw new IllegalArgumentException("trailing text in policy " + policy);
        }
        SignaturePolicyEnvelope.Builder env = SignaturePolicyEnvelope.newBuilder().setVersion(0).setRule(rule);
        p.principals.keySet().forEach(k -> {
            String[] parts = k.split("\\.");
            env.addIdentities(MSPPrincipal.newBuilder().setPrincipalClassification(MSPPrincipal.Classification.ROLE)
                    .setPrincipal(MSPRole.newBuilder().setMspIdentifier(parts[0])
                            .setRole(MSPRole.MSPRoleType.valueOf(parts[1].toUpperCase(java.util.Locale.ROOT)))
                            .build().toByteString()));
        });
        return env.build();
    }

    private static final class Parser {
        final String text;
        int pos;
        /** Principal text to its index, in order of first use (as Fabric's compiler numbers them). */
        final Map<String, Integer> principals = new LinkedHashMap<>();

        Parser(String text) {
            this.text = text;
        }

        void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        SignaturePolicy expr() {
            skipSpace();
            if (text.charAt(pos) == '\'') {
                int close = text.indexOf('\'', pos + 1);
                String principal = text.substring(pos + 1, close);
                pos = close + 1;
                int index = principals.computeIfAbsent(principal, k -> principals.size());
                return SignaturePolicy.newBuilder().setSignedBy(index).build();
            }
            int open = text.indexOf('(', pos);
            String op = text.substring(pos, open).trim();
            pos = open + 1;
            List<SignaturePolicy> args = new ArrayList<>();
            int n = -1;
            if (op.equals("OutOf")) {
                int comma = text.indexOf(',', pos);
                n = Integer.parseInt(text.substring(pos, comma).trim());
                pos = comma + 1;
            }
            while (true) {
                args.add(expr());
                skipSpace();
                char c = text.charAt(pos++);
                if (c == ')') {
                    break;
                }
                if (c != ',') {
                    throw new IllegalArgumentException("expected , or ) at " + (pos - 1) + " in " + text);
                }
            }
            n = switch (op) {
                case "AND" -> args.size();
                case "OR" -> 1;
                case "OutOf" -> n;
                default -> throw new IllegalArgumentException("unknown operator " + op + " in " + text);
            };
            return SignaturePolicy.newBuilder().setNOutOf(SignaturePolicy.NOutOf.newBuilder().setN(n).addAllRules(args))
                    .build();
        }
    }
}
