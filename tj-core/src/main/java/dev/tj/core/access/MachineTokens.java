package dev.tj.core.access;

import dev.tj.core.storage.IngestToken;
import dev.tj.core.storage.IngestTokens;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingest tokens per machine: made once (the text is shown to the user then and never kept), checked
 * on every ingest request, revoked by id or machine.
 *
 * <p>Checks are cached by hash for {@link #CACHE_FOR} at most, valid tokens only. A revoke through
 * this object drops the cache at once, so on this node a revoked token gets 401 on its next request;
 * another node of a team server sharing the database notices within {@link #CACHE_FOR}. Misses are
 * not cached (a flood of wrong tokens must not grow memory). Last use is written at most once per
 * {@link #USE_GRANULARITY} per token, so ingest does not turn into one write per request.
 */
public final class MachineTokens {
    private static final Logger log = LoggerFactory.getLogger(MachineTokens.class);
    public static final String TEXT_PREFIX = "tj_";
    static final Duration CACHE_FOR = Duration.ofSeconds(3);
    static final Duration USE_GRANULARITY = Duration.ofMinutes(1);
    private static final int SHOWN_CHARS = TEXT_PREFIX.length() + 4;
    private static final int MAX_CACHED = 10_000;
    private static final int MAX_MACHINE_NAME = 128;

    private final IngestTokens store;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    /** Bumped by every revoke: a check that read the store before it does not cache its answer. */
    private final AtomicLong generation = new AtomicLong();

    private record Cached(IngestToken token, Instant fetched, Instant lastMarked) {}

    /** A token just made: {@code text} is shown once and never stored. */
    public record Issued(String text, IngestToken token) {
        @Override
        public String toString() {
            return "Issued[" + token + "]"; // never the text
        }
    }

    public MachineTokens(IngestTokens store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Makes a token for the machine.
     *
     * @throws IllegalArgumentException for a blank or over-long name, or one with control characters
     */
    public Issued create(String machine) {
        String name = validMachine(machine);
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String text = TEXT_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        byte[] idBytes = new byte[6];
        random.nextBytes(idBytes);
        IngestToken token = new IngestToken(
                HexFormat.of().formatHex(idBytes),
                name,
                text.substring(0, SHOWN_CHARS),
                TokenHash.of(text),
                clock.instant().truncatedTo(ChronoUnit.MILLIS), // every backend keeps milliseconds
                null,
                null);
        store.add(token);
        return new Issued(text, token);
    }

    static String validMachine(String machine) {
        String name = machine == null ? "" : machine.strip();
        if (name.isEmpty()) throw new IllegalArgumentException("a machine name is required");
        if (name.length() > MAX_MACHINE_NAME) {
            throw new IllegalArgumentException("a machine name has at most " + MAX_MACHINE_NAME + " characters");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a machine name has no control characters");
        }
        return name;
    }

    public List<IngestToken> list() {
        return store.list();
    }

    /** Revokes one token by id, or every valid token of a machine; the cache forgets them at once. */
    public List<IngestToken> revoke(String idOrMachine) {
        if (idOrMachine == null || idOrMachine.isBlank()) return List.of();
        generation.incrementAndGet();
        List<IngestToken> revoked =
                store.revoke(idOrMachine.strip(), clock.instant().truncatedTo(ChronoUnit.MILLIS));
        generation.incrementAndGet();
        cache.clear();
        return revoked;
    }

    /**
     * The machine a presented token belongs to, when it is one of ours and not revoked. Cheap to call
     * on every request; never throws for hostile input.
     */
    public Optional<String> machineOf(String presented) {
        if (presented == null || !presented.startsWith(TEXT_PREFIX) || presented.length() > 200) {
            return Optional.empty();
        }
        String hash = TokenHash.of(presented);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Cached c = cache.get(hash);
        if (c == null || now.isAfter(c.fetched().plus(CACHE_FOR)) || now.isBefore(c.fetched())) {
            long before = generation.get();
            Optional<IngestToken> found = store.byHash(hash);
            if (found.isEmpty() || found.get().revoked()) {
                cache.remove(hash);
                return Optional.empty();
            }
            if (cache.size() >= MAX_CACHED) cache.clear();
            c = new Cached(found.get(), now, c == null ? null : c.lastMarked());
            if (generation.get() == before) cache.put(hash, c);
        }
        if (c.lastMarked() == null || now.isAfter(c.lastMarked().plus(USE_GRANULARITY))) {
            cache.computeIfPresent(hash, (k, v) -> new Cached(v.token(), v.fetched(), now));
            try {
                store.markUsed(c.token().id(), now);
            } catch (RuntimeException e) {
                // a missed "last used" must not refuse a valid token
                log.warn(
                        "could not record the use of ingest token {}: {}",
                        c.token().id(),
                        e.getMessage());
            }
        }
        return Optional.of(c.token().machine());
    }
}
