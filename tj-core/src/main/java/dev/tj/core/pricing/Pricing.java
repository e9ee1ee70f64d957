package dev.tj.core.pricing;

import dev.tj.core.config.ConfigException;
import dev.tj.core.config.TjConfig;
import dev.tj.core.config.TomlFiles;
import dev.tj.core.span.Providers;
import dev.tj.core.span.Span;
import dev.tj.core.span.Usage;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/**
 * Prices token usage from the bundled rates table plus user overrides.
 *
 * <p>Precedence, lowest first: packaged {@code pricing/models.toml} &lt; the user pricing file
 * ({@code TJ_PRICING_FILE}, else {@code ~/.config/tj/pricing.toml} when present) &lt; the config's
 * {@code [pricing]}. Within that, a model-keyed entry ({@code [models]} / {@code [pricing.models]})
 * wins over any provider-keyed one. An override entry that names an existing provider/model only
 * needs the fields it changes.
 *
 * <p>Cost = (input x input + output x output + cacheRead x cache_read + cacheWrite5m x
 * cache_write + cacheWrite1h x 2 x input) x fast multiplier x US-only multiplier, per MTok, at the
 * rates in force at the call's time. Usage is in tj's token convention (docs/tokens.md): input
 * excludes cached tokens for every provider, so OpenAI's cached tokens are not subtracted here. A
 * missing cache_read rate prices cached tokens at the input rate (never free); a missing
 * cache_write rate is 1.25 x input. An unknown model is priced at {@link ModelRates#FALLBACK} and
 * marked {@link RateSource#FALLBACK}, with one warning per (provider, model).
 *
 * <p>{@link #price(Span)} is the one place a span gets its cost: the ingest pipeline and the
 * history paths both call it.
 *
 * <p>Immutable and thread-safe; name resolution is cached per (provider, model), so a quote on a
 * hot path allocates only the returned {@link PriceQuote}.
 */
public final class Pricing {
    private static final Logger LOG = LoggerFactory.getLogger(Pricing.class);
    private static final String RESOURCE = "pricing/models.toml";
    private static final String NO_PROVIDER = "\u0000";
    private static final int MAX_CACHED = 50_000;
    /** Tables searched first when the provider does not say where to look. */
    private static final List<String> PREFERRED = List.of("anthropic", "openai", "google");

    private static volatile Pricing packaged;

    private record Rated(ModelRates rates, RateSource source) {}

    /** A resolved (provider, model): the latest per-token rates ready to multiply, and the whole schedule. */
    private static final class Resolved {
        final String rateKey;
        final RateSource source;
        final boolean free;
        final ModelRates rates;
        final double in, out, cacheRead, cacheWrite5m, cacheWrite1h;
        final PriceQuote zero;

        Resolved(String rateKey, RateSource source, ModelRates r, boolean free) {
            this.rateKey = rateKey;
            this.source = source;
            this.free = free;
            this.rates = r;
            this.in = r.inputPerMtok();
            this.out = r.outputPerMtok();
            this.cacheRead = r.effectiveCacheReadPerMtok();
            this.cacheWrite5m = r.effectiveCacheWritePerMtok();
            this.cacheWrite1h = r.cacheWrite1hPerMtok();
            this.zero = new PriceQuote(0.0, source, rateKey);
        }
    }

    /** provider table -> model key -> rates, with the source of each entry. */
    private final Map<String, Map<String, Rated>> tables;
    /** model-keyed overrides: model key -> rates. */
    private final Map<String, ModelRates> modelOverrides;
    /** Table search order for unattributed models. */
    private final List<String> searchOrder;

    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Resolved>> cache = new ConcurrentHashMap<>();
    private final AtomicInteger cached = new AtomicInteger();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    private Pricing(Map<String, Map<String, Rated>> tables, Map<String, ModelRates> modelOverrides) {
        this.tables = tables;
        this.modelOverrides = modelOverrides;
        List<String> order = new ArrayList<>();
        for (String p : PREFERRED) if (tables.containsKey(p)) order.add(p);
        tables.keySet().stream().filter(p -> !order.contains(p)).sorted().forEach(order::add);
        this.searchOrder = List.copyOf(order);
    }

    /**
     * Packaged rates, then {@code TJ_PRICING_FILE} (or {@code ~/.config/tj/pricing.toml}), then the
     * config's {@code [pricing]}.
     *
     * @param config may be null (no config overrides)
     * @param env    process environment; a set {@code TJ_PRICING_FILE} that does not exist is an error
     * @throws ConfigException naming file, line and column when an override file is malformed
     */
    public static Pricing load(TjConfig config, Map<String, String> env, Path home) {
        List<RateTables.Layer> layers = new ArrayList<>(3);
        layers.add(packagedLayer());
        Path file = userPricingFile(env == null ? Map.of() : env, home);
        if (file != null) {
            TomlParseResult r = TomlFiles.parse(file);
            layers.add(RateTables.parse(TomlFiles.toPlain(r), file.toString(), List.of(), r::inputPositionOf));
        }
        if (config != null
                && config.pricingOverrides() != null
                && !config.pricingOverrides().isEmpty()) {
            String where = (config.source() != null ? config.source().toString() : "config") + " [pricing]";
            layers.add(RateTables.parse(config.pricingOverrides(), where, List.of("pricing"), null));
        }
        return merge(layers);
    }

    /** Packaged rates only (one shared instance). */
    public static Pricing packaged() {
        Pricing p = packaged;
        if (p == null) {
            synchronized (Pricing.class) {
                p = packaged;
                if (p == null) packaged = p = merge(List.of(packagedLayer()));
            }
        }
        return p;
    }

    private static Path userPricingFile(Map<String, String> env, Path home) {
        String explicit = env.get("TJ_PRICING_FILE");
        if (explicit != null && !explicit.isBlank()) {
            Path p = expandHome(explicit.trim(), home);
            if (!Files.isRegularFile(p)) {
                throw new ConfigException(p + ": TJ_PRICING_FILE names a file that does not exist");
            }
            return p;
        }
        if (home == null) return null;
        Path p = home.resolve(".config").resolve("tj").resolve("pricing.toml");
        return Files.isRegularFile(p) ? p : null;
    }

    private static Path expandHome(String s, Path home) {
        if (home != null && (s.equals("~") || s.startsWith("~/"))) {
            return s.length() <= 2 ? home : home.resolve(s.substring(2));
        }
        return Path.of(s);
    }

    private static RateTables.Layer packagedLayer() {
        InputStream in = Pricing.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            TomlParseResult t = Toml.parse(r);
            if (t.hasErrors())
                throw new IllegalStateException(RESOURCE + ": " + t.errors().get(0));
            RateTables.Layer layer = RateTables.parse(TomlFiles.toPlain(t), RESOURCE, List.of(), t::inputPositionOf);
            if (!layer.models().isEmpty()) throw new IllegalStateException(RESOURCE + " must not have [models]");
            return layer;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        }
    }

    private static Pricing merge(List<RateTables.Layer> layers) {
        Map<String, Map<String, Rated>> tables = new HashMap<>();
        Map<String, ModelRates> models = new LinkedHashMap<>();
        boolean first = true;
        for (RateTables.Layer layer : layers) {
            RateSource src = first ? RateSource.PACKAGED : RateSource.OVERRIDE;
            first = false;
            layer.providers().forEach((provider, entries) -> {
                Map<String, Rated> t = tables.computeIfAbsent(provider, k -> new HashMap<>());
                entries.forEach((key, partial) -> {
                    Rated base = t.get(key);
                    t.put(key, new Rated(partial.over(base == null ? null : base.rates()), src));
                });
            });
            layer.models().forEach((key, partial) -> models.put(key, partial.over(models.get(key))));
        }
        Map<String, Map<String, Rated>> frozen = new HashMap<>();
        tables.forEach((p, t) -> frozen.put(p, Map.copyOf(t)));
        return new Pricing(Map.copyOf(frozen), Map.copyOf(models));
    }

    /**
     * Prices an LLM span at its start time, on the terms its attributes state ({@link CallTerms});
     * our price goes to {@code costUsd}, the agent's own figure stays in {@code reportedCostUsd}. A
     * span without a model or usage is returned as it is.
     */
    public Span price(Span s) {
        if (s.model() == null || s.usage().isZero()) return s;
        String provider = s.provider() != null ? s.provider() : Providers.forModel(s.model());
        PriceQuote q = quote(provider, s.model(), s.usage(), s.startTime(), CallTerms.of(s.attributes()));
        return s.toBuilder().costUsd(q.costUsd()).pricedByFallback(q.fallback()).build();
    }

    /**
     * Prices one standard call (or a sum of calls) of {@code model} at the latest rates.
     *
     * @param provider the span's provider; null or "unknown" lets the model name decide
     */
    public PriceQuote quote(String provider, String model, Usage usage) {
        return quote(provider, model, usage, null, CallTerms.STANDARD);
    }

    /**
     * Prices one call (or a sum of calls made on the same terms) of {@code model}.
     *
     * @param at    when the call was made: it is priced at the rates in force then (null: the latest)
     * @param terms fast mode / US-only inference
     */
    public PriceQuote quote(String provider, String model, Usage usage, Instant at, CallTerms terms) {
        Resolved r = resolve(provider, model);
        if (usage == null || usage.isZero() || r.free) return r.zero;
        double in = r.in,
                out = r.out,
                cacheRead = r.cacheRead,
                cacheWrite5m = r.cacheWrite5m,
                cacheWrite1h = r.cacheWrite1h;
        if (at != null && !r.rates.earlier().isEmpty()) {
            ModelRates then = r.rates.at(at);
            in = then.inputPerMtok();
            out = then.outputPerMtok();
            cacheRead = then.effectiveCacheReadPerMtok();
            cacheWrite5m = then.effectiveCacheWritePerMtok();
            cacheWrite1h = then.cacheWrite1hPerMtok();
        }
        double micro = usage.input() * in
                + usage.output() * out
                + usage.cacheRead() * cacheRead
                + usage.cacheWrite5m() * cacheWrite5m
                + usage.cacheWrite1h() * cacheWrite1h;
        if (terms != null) {
            if (terms.fast() && r.rates.fastMultiplier() != null) micro *= r.rates.fastMultiplier();
            if (terms.usOnly() && r.rates.usOnlyMultiplier() != null) micro *= r.rates.usOnlyMultiplier();
        }
        return new PriceQuote(micro / 1_000_000.0, r.source, r.rateKey);
    }

    /** The rates a quote for (provider, model) would use, and where they came from. */
    public RateEntry ratesFor(String provider, String model) {
        Resolved r = resolve(provider, model);
        int slash = r.rateKey.indexOf('/');
        String p = slash < 0 ? r.rateKey : r.rateKey.substring(0, slash);
        String m = slash < 0 ? r.rateKey : r.rateKey.substring(slash + 1);
        return new RateEntry(
                p,
                m,
                new ModelRates(
                        r.in,
                        r.out,
                        r.cacheRead,
                        r.cacheWrite5m,
                        r.rates.fastMultiplier(),
                        r.rates.usOnlyMultiplier(),
                        r.rates.earlier()),
                r.source);
    }

    /**
     * Every table entry for {@code tj pricing list}, sorted by provider then model. Model-keyed
     * overrides are listed under provider {@link RateEntry#ANY_PROVIDER}.
     */
    public List<RateEntry> entries() {
        List<RateEntry> out = new ArrayList<>();
        tables.forEach((p, t) -> t.forEach((m, r) -> out.add(new RateEntry(p, m, r.rates(), r.source()))));
        modelOverrides.forEach((m, r) -> out.add(new RateEntry(RateEntry.ANY_PROVIDER, m, r, RateSource.OVERRIDE)));
        out.sort(Comparator.comparing(RateEntry::provider).thenComparing(RateEntry::model));
        return out;
    }

    private Resolved resolve(String provider, String model) {
        String pk = provider == null ? NO_PROVIDER : provider;
        String mk = model == null ? "" : model;
        ConcurrentHashMap<String, Resolved> byModel = cache.get(pk);
        if (byModel != null) {
            Resolved r = byModel.get(mk);
            if (r != null) return r;
        }
        Resolved r = compute(provider, model);
        if (cached.get() < MAX_CACHED) {
            if (byModel == null) byModel = cache.computeIfAbsent(pk, k -> new ConcurrentHashMap<>());
            if (byModel.putIfAbsent(mk, r) == null) cached.incrementAndGet();
        }
        return r;
    }

    private Resolved compute(String provider, String model) {
        List<String> names = ModelNames.candidates(model);

        for (String n : names) {
            ModelRates r = modelOverrides.get(n);
            if (r != null) return new Resolved(RateEntry.ANY_PROVIDER + "/" + n, RateSource.OVERRIDE, r, false);
        }
        String stated = ModelNames.tableProvider(provider);
        String inferred = ModelNames.tableProvider(Providers.forModel(model));
        List<String> order = new ArrayList<>(searchOrder.size() + 2);
        if (stated != null) order.add(stated);
        if (inferred != null && !order.contains(inferred)) order.add(inferred);
        for (String p : order) {
            Resolved r = find(p, names);
            if (r != null) return r;
        }
        if (ModelNames.LOCAL.equals(stated)) {
            return new Resolved(
                    ModelNames.LOCAL + "/" + (names.isEmpty() ? "*" : names.get(0)),
                    RateSource.PACKAGED,
                    new ModelRates(0, 0, 0.0, 0.0),
                    true);
        }
        for (String p : searchOrder) {
            if (order.contains(p)) continue;
            Resolved r = find(p, names);
            if (r != null) return r;
        }
        if (warned.size() < MAX_CACHED && warned.add(provider + "/" + model)) {
            LOG.warn(
                    "No pricing data for {}/{}: using fallback rates (input ${}/MTok, output ${}/MTok), marked as fallback. "
                            + "Add it to ~/.config/tj/pricing.toml or [pricing] in the config.",
                    provider,
                    model,
                    ModelRates.FALLBACK.inputPerMtok(),
                    ModelRates.FALLBACK.outputPerMtok());
        }
        return new Resolved("fallback", RateSource.FALLBACK, ModelRates.FALLBACK, false);
    }

    private Resolved find(String provider, List<String> names) {
        Map<String, Rated> t = tables.get(provider);
        if (t == null) return null;
        for (String n : names) {
            Rated r = t.get(n);
            if (r != null) return new Resolved(provider + "/" + n, r.source(), r.rates(), false);
        }
        return null;
    }
}
