package io.p2pe.simulator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.p2pe.simulator.agents.Seeds;
import java.io.IOException;
import java.util.Random;

/**
 * A whole-number parameter of a scenario: one value ({@code 4500}) or a range ({@code [3000, 6000]})
 * from which each participant of a group draws its own value with its seeded random stream.
 *
 * @param lo smallest value
 * @param hi largest value
 */
@JsonDeserialize(using = Range.Reader.class)
public record Range(long lo, long hi) {
    public Range {
        if (hi < lo) {
            throw new IllegalArgumentException("range [" + lo + ", " + hi + "] is empty");
        }
    }

    /** A single value. */
    public static Range of(long value) {
        return new Range(value, value);
    }

    /** A value drawn uniformly from the range. */
    public long draw(Random random) {
        return Seeds.between(random, lo, hi);
    }

    /** Reads {@code 12} or {@code [10, 14]}. */
    static final class Reader extends JsonDeserializer<Range> {
        @Override
        public Range deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                return Range.of(p.getLongValue());
            }
            if (p.currentToken() == JsonToken.START_ARRAY) {
                long[] v = p.readValueAs(long[].class);
                if (v.length == 2 && v[0] <= v[1]) {
                    return new Range(v[0], v[1]);
                }
                throw JsonMappingException.from(p, "a range is [lo, hi] with lo <= hi, got "
                        + java.util.Arrays.toString(v));
            }
            throw JsonMappingException.from(p, "expected a whole number or [lo, hi], got " + p.currentToken());
        }
    }
}
