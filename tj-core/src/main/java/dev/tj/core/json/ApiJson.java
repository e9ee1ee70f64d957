package dev.tj.core.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * The JSON shape of the API (TokenJam's snake_case names): records serialise by component name, so
 * {@code costToday} becomes {@code cost_today}; instants as ISO-8601 strings; never a NaN or an
 * infinity (written as null, which every JSON parser accepts). The server, the CLI's --json and
 * the history routes all use this one mapper.
 */
public final class ApiJson {
    private static final ObjectMapper MAPPER = create();

    private ApiJson() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static ObjectMapper create() {
        SimpleModule m = new SimpleModule("tj");
        m.addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(Instant v, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeString(v.toString());
            }
        });
        m.addSerializer(Duration.class, new JsonSerializer<>() {
            @Override
            public void serialize(Duration v, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeNumber(v.toMillis() / 1000.0);
            }
        });
        JsonSerializer<Number> finite = new JsonSerializer<>() {
            @Override
            public void serialize(Number v, JsonGenerator g, SerializerProvider p) throws IOException {
                double d = v.doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) g.writeNull();
                else if (v instanceof Float f) g.writeNumber(f);
                else g.writeNumber(d);
            }
        };
        m.addSerializer(Double.class, finite);
        m.addSerializer(double.class, finite);
        m.addSerializer(Float.class, finite);
        m.addSerializer(float.class, finite);
        ObjectMapper om = new ObjectMapper();
        om.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        om.registerModule(m);
        om.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        om.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return om;
    }
}
