package org.ordersaga.chassis.rest;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;

import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * The JSON of REST bodies, read strictly: a repeated key, a fraction where an integer is expected, or a NUL character
 * in a string (PostgreSQL cannot store it) is bad input and answers 400 ({@link ProblemDetails}) before anything is
 * stored. Only REST bodies: messages keep the application's mapper and are judged by their contracts.
 */
@Provider
public class StrictRequestJson implements ContextResolver<ObjectMapper> {

    /** What is wrong with a string that holds a NUL character, as a problem's field error says it. */
    public static final String NO_NUL_CHARACTER = "must not contain the NUL character (U+0000)";

    private final ObjectMapper strict;

    public StrictRequestJson(ObjectMapper application) {
        this.strict = strict(application);
    }

    static ObjectMapper strict(ObjectMapper application) {
        ObjectMapper mapper = application.copy();
        mapper.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.registerModule(new SimpleModule("strict-request-json")
                .addDeserializer(String.class, new NulRefusingStrings()));
        return mapper;
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return strict;
    }

    /** A string field with a NUL character in it. */
    public static final class NulCharacterException extends MismatchedInputException {
        NulCharacterException(JsonParser parser) {
            super(parser, "A string must not contain the NUL character (U+0000)");
        }
    }

    private static final class NulRefusingStrings extends StringDeserializer {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = super.deserialize(parser, context);
            if (value != null && value.indexOf('\u0000') >= 0) {
                throw new NulCharacterException(parser);
            }
            return value;
        }
    }
}
