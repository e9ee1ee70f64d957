package dev.tj.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tj.core.json.ApiJson;
import io.javalin.json.JavalinJackson;
import io.javalin.json.JsonMapper;

/** The API's one JSON mapper ({@link ApiJson}), handed to Javalin so that ctx.json uses it. */
public final class Json {
    private Json() {}

    public static ObjectMapper mapper() {
        return ApiJson.mapper();
    }

    public static JsonMapper javalin() {
        return new JavalinJackson(ApiJson.mapper(), false);
    }
}
