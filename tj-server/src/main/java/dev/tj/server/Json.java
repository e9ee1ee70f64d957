package dev.tj.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.javalin.json.JavalinJackson;
import io.javalin.json.JsonMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * The one JSON mapper of the HTTP API: snake_case names (records serialise by component name, so
 * {@code costToday} becomes {@code cost_today}), instants as ISO-8601 strings, and never a NaN or
 * an infinity (written as null, which every JSON parser accepts).
 */
public final class Json {
    private Json() {}

    private static final ObjectMapper MAPPER = create();

    public static ObjectMapper mapper() { return MAPPER; }

    public static JsonMapper javalin() { return new JavalinJackson(MAPPER, false); }

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
        JsonSerializer<Double> finite = new JsonSerializer<>() {
            @Override
            public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
                if (v == null || v.isNaN() || v.isInfinite()) g.writeNull();
                else g.writeNumber(v);
            }
        };
        m.addSerializer(Double.class, finite);
        m.addSerializer(double.class, finite);
        JsonSerializer<Float> finiteF = new JsonSerializer<>() {
            @Override
            public void serialize(Float v, JsonGenerator g, SerializerProvider p) throws IOException {
                if (v == null || v.isNaN() || v.isInfinite()) g.writeNull();
                else g.writeNumber(v);
            }
        };
        m.addSerializer(Float.class, finiteF);
        m.addSerializer(float.class, finiteF);
        ObjectMapper om = new ObjectMapper();
        om.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        om.registerModule(m);
        om.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        om.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return om;
    }
}
