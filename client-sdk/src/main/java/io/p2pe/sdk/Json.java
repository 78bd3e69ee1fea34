package io.p2pe.sdk;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The SDK's JSON mapping: unknown fields are ignored so newer chaincode stays readable. */
final class Json {
    /**
     * Strings up to the gateway channel's message limit: a 100,000-order slot's clearing input is
     * one 20 MB string of GetClearingResult's answer, past Jackson's default of 20,000,000 chars.
     */
    static final int MAX_STRING_LENGTH = GatewayConnection.MAX_MESSAGE_BYTES;
    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_STRING_LENGTH).build())
                    .build())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private Json() {
    }

    /** Canonical JSON text (fields sorted) of a request value. */
    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("request value cannot be written as JSON: " + value, e);
        }
    }

    static <T> T read(byte[] payload, Class<T> type, String operation) throws UnexpectedResponseException {
        return read(payload, MAPPER.constructType(type), operation);
    }

    static <T> List<T> readList(byte[] payload, Class<T> element, String operation) throws UnexpectedResponseException {
        return read(payload, MAPPER.getTypeFactory().constructCollectionType(List.class, element), operation);
    }

    private static <T> T read(byte[] payload, JavaType type, String operation) throws UnexpectedResponseException {
        try {
            T value = MAPPER.readValue(payload, type);
            if (value == null) {
                throw new UnexpectedResponseException(operation + " returned JSON null", null, null);
            }
            return value;
        } catch (IOException e) {
            String text = new String(payload, StandardCharsets.UTF_8);
            throw new UnexpectedResponseException(operation + " returned a payload this SDK cannot read ("
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()) + "): " + (text.length() > 200 ? text.substring(0, 200) + "…" : text),
                    null, e);
        }
    }
}
