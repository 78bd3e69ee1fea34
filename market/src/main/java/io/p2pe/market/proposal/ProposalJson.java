package io.p2pe.market.proposal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.p2pe.market.InvalidInputException;
import io.p2pe.market.MarketErrorCode;
import io.p2pe.market.TieBreak;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * The proposal format of docs/market-rules.md ("Proposals"):
 * {@code {"slot", "inputDigest", "trades": [{"buyOrderId", "sellOrderId", "wh"}]}}.
 *
 * <h2>Reading ({@link #read})</h2>
 * Unknown fields are ignored (so the output of {@code p2pe market clear}, whose trades also carry
 * {@code price} and {@code wheelingFee}, reads as the proposal of its trades; prices and fees are
 * always implied by the book). Refused with {@link MarketErrorCode#MALFORMED_INPUT}: text that is
 * not one well-formed JSON object (duplicate keys, trailing content); {@code MISSING_FIELD}: an
 * absent or null field; {@code INVALID_FORMAT}: a wrong JSON type, a non-integral {@code wh};
 * {@code OUT_OF_RANGE}: a {@code wh} beyond 64 bits. Trades are examined in the order given and
 * named by their index ({@code trades[3].wh}). The book's rules are checked by
 * {@link ProposalScorer#score}.
 *
 * <h2>Canonical text ({@link #canonical}, {@link #digest})</h2>
 * Compact JSON, UTF-8, fields in the order {@code slot, inputDigest, trades}, each trade
 * {@code buyOrderId, sellOrderId, wh}, trades sorted by (buyOrderId, sellOrderId) (then wh, which
 * only matters for proposals that are invalid anyway). The proposal digest is the lowercase hex
 * SHA-256 of those bytes, and the draw key of the tie rule is
 * {@code sha256(inputDigest + "|" + proposalDigest)}.
 */
public final class ProposalJson {
    private static final ObjectMapper READER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();
    private static final JsonFactory WRITER = JsonFactory.builder().build()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    static final Comparator<ProposedTrade> CANONICAL_ORDER = Comparator.comparing(ProposedTrade::buyOrderId)
            .thenComparing(ProposedTrade::sellOrderId)
            .thenComparingLong(ProposedTrade::wh);

    private ProposalJson() {
    }

    /** Parses a proposal; the result is well-shaped but not yet checked against a book. */
    public static Proposal read(String json) throws InvalidInputException {
        JsonNode root;
        try {
            root = READER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            String why = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().replaceAll("\\s+", " ").trim();
            throw new InvalidInputException(MarketErrorCode.MALFORMED_INPUT, null, null,
                    "proposal is not well-formed JSON" + where + ": " + why);
        }
        if (root == null || root.isMissingNode()) {
            throw new InvalidInputException(MarketErrorCode.MALFORMED_INPUT, null, null, "proposal is empty");
        }
        if (!root.isObject()) {
            throw new InvalidInputException(MarketErrorCode.MALFORMED_INPUT, null, null,
                    "proposal must be a JSON object, got " + kind(root));
        }
        String slot = text(root, "slot", "slot");
        String inputDigest = text(root, "inputDigest", "inputDigest");
        JsonNode trades = root.get("trades");
        if (trades == null || trades.isNull()) {
            throw new InvalidInputException(MarketErrorCode.MISSING_FIELD, null, "trades", "is required");
        }
        if (!trades.isArray()) {
            throw new InvalidInputException(MarketErrorCode.INVALID_FORMAT, null, "trades",
                    "must be an array of trades, got " + kind(trades));
        }
        List<ProposedTrade> list = new ArrayList<>(trades.size());
        for (int k = 0; k < trades.size(); k++) {
            JsonNode t = trades.get(k);
            String at = "trades[" + k + "]";
            if (!t.isObject()) {
                throw new InvalidInputException(MarketErrorCode.INVALID_FORMAT, null, at,
                        "must be a trade object, got " + kind(t));
            }
            String buy = text(t, "buyOrderId", at + ".buyOrderId");
            String sell = text(t, "sellOrderId", at + ".sellOrderId");
            JsonNode wh = t.get("wh");
            if (wh == null || wh.isNull()) {
                throw new InvalidInputException(MarketErrorCode.MISSING_FIELD, null, at + ".wh", "is required");
            }
            if (!wh.isIntegralNumber()) {
                throw new InvalidInputException(MarketErrorCode.INVALID_FORMAT, null, at + ".wh",
                        "must be an integer, got " + kind(wh));
            }
            if (!wh.canConvertToLong()) {
                throw new InvalidInputException(MarketErrorCode.OUT_OF_RANGE, null, at + ".wh",
                        "must be at least 1 and at most the orders' Wh, got " + wh.bigIntegerValue());
            }
            list.add(new ProposedTrade(buy, sell, wh.longValue()));
        }
        return new Proposal(slot, inputDigest, list);
    }

    private static String text(JsonNode parent, String name, String field) throws InvalidInputException {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            throw new InvalidInputException(MarketErrorCode.MISSING_FIELD, null, field, "is required");
        }
        if (!node.isTextual()) {
            throw new InvalidInputException(MarketErrorCode.INVALID_FORMAT, null, field,
                    "must be a string, got " + kind(node));
        }
        return node.textValue();
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case NUMBER, BOOLEAN -> node.asText();
            case STRING -> "a string";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** The canonical text (see the class comment). */
    public static String canonical(Proposal p) {
        StringWriter out = new StringWriter();
        write(p, out);
        return out.toString();
    }

    /** The proposal digest: lowercase hex SHA-256 of {@link #canonical}, computed without building it. */
    public static String digest(Proposal p) {
        MessageDigest sha256 = sha256();
        try (OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), sha256);
             JsonGenerator g = WRITER.createGenerator(sink)) {
            writeCanonical(p, g);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a digest cannot fail", e);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** {@code sha256(inputDigest + "|" + proposalDigest)}, lowercase hex. */
    public static String drawKey(String inputDigest, String proposalDigest) {
        return TieBreak.sha256Hex((inputDigest + "|" + proposalDigest).getBytes(StandardCharsets.UTF_8));
    }

    private static void write(Proposal p, Writer out) {
        try (JsonGenerator g = WRITER.createGenerator(out)) {
            writeCanonical(p, g);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
    }

    private static void writeCanonical(Proposal p, JsonGenerator g) throws IOException {
        List<ProposedTrade> trades = new ArrayList<>(p.trades());
        trades.sort(CANONICAL_ORDER);
        g.writeStartObject();
        g.writeStringField("slot", p.slot());
        g.writeStringField("inputDigest", p.inputDigest());
        g.writeArrayFieldStart("trades");
        for (ProposedTrade t : trades) {
            g.writeStartObject();
            g.writeStringField("buyOrderId", t.buyOrderId());
            g.writeStringField("sellOrderId", t.sellOrderId());
            g.writeNumberField("wh", t.wh());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /**
     * A score as one JSON object: {@code {"objective", "minSurplusRate", "surplus", "volumeWh"}},
     * {@code minSurplusRate} a string ({@code "7/3"}, {@code "5"}) or null.
     */
    public static String writeScore(Score s) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = WRITER.createGenerator(out)) {
            writeScore(s, g);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toString();
    }

    /** {@link #writeScore} into an open generator (as a value). */
    public static void writeScore(Score s, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("objective", s.objective().name());
        if (s.minSurplusRate() == null) {
            g.writeNullField("minSurplusRate");
        } else {
            g.writeStringField("minSurplusRate", s.minSurplusRate().toString());
        }
        g.writeNumberField("surplus", s.surplus());
        g.writeNumberField("volumeWh", s.volumeWh());
        g.writeEndObject();
    }

    /**
     * What {@code p2pe market score} prints for a valid proposal: {@code {"valid":true, "slot",
     * "inputDigest", "proposalDigest", "drawKey", "trades" (count), "score"}}.
     */
    public static String writeVerdict(ScoredProposal p) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = WRITER.createGenerator(out)) {
            g.writeStartObject();
            g.writeBooleanField("valid", true);
            g.writeStringField("slot", p.proposal().slot());
            g.writeStringField("inputDigest", p.proposal().inputDigest());
            g.writeStringField("proposalDigest", p.proposalDigest());
            g.writeStringField("drawKey", p.drawKey());
            g.writeNumberField("trades", p.trades().size());
            g.writeFieldName("score");
            writeScore(p.score(), g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toString();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
