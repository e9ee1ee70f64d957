package dev.tj.cli.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tj.cli.ConfigOption;
import dev.tj.core.config.TjConfig;
import dev.tj.core.pricing.Pricing;
import java.nio.file.Path;

/** Shared plumbing of backfill, quickstart and cost. */
public final class HistoryCli {
    private HistoryCli() {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static ObjectMapper json() {
        return JSON;
    }

    public static void printJson(Object o) throws Exception {
        System.out.println(JSON.writeValueAsString(o));
    }

    public static Pricing pricing(TjConfig config) {
        return Pricing.load(config, System.getenv(), home());
    }

    public static Path home() {
        return ConfigOption.home();
    }
}
