package dev.tj.cli.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tj.cli.ConfigOption;
import dev.tj.core.config.TjConfig;
import dev.tj.core.pricing.Pricing;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/** Shared plumbing of backfill, quickstart and cost. */
public final class HistoryCli {
    private HistoryCli() {}

    /** Made on first use (a few hundredths of a second of class loading), not by {@link #home()}. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    public static ObjectMapper json() {
        return Json.MAPPER;
    }

    public static void printJson(Object o) throws Exception {
        System.out.println(Json.MAPPER.writeValueAsString(o));
    }

    public static Pricing pricing(TjConfig config) {
        return Pricing.load(config, System.getenv(), home());
    }

    /**
     * The price tables, parsed on another thread from now on (a tenth of a second or more of a
     * command's start); the supplier waits for them and throws what loading threw.
     */
    public static Supplier<Pricing> pricingAhead(TjConfig config) {
        CompletableFuture<Pricing> prices = CompletableFuture.supplyAsync(() -> pricing(config));
        return () -> {
            try {
                return prices.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        };
    }

    public static Path home() {
        return ConfigOption.home();
    }
}
