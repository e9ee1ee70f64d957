package dev.tj.core.storage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Ingest tokens in {@link InMemoryStorage}: ids and hashes unique, revocation by id or machine. */
final class InMemoryTokens implements IngestTokens {
    private final InMemoryStorage store;

    InMemoryTokens(InMemoryStorage store) {
        this.store = store;
    }

    @Override
    public void add(IngestToken token) {
        synchronized (store) {
            store.open();
            boolean taken = store.tokens.containsKey(token.id())
                    || store.tokens.values().stream().anyMatch(t -> t.hash().equals(token.hash()));
            if (taken) throw new IllegalArgumentException("token id or hash exists already: " + token.id());
            store.tokens.put(token.id(), token);
        }
    }

    @Override
    public Optional<IngestToken> byHash(String hash) {
        synchronized (store) {
            store.open();
            return store.tokens.values().stream()
                    .filter(t -> t.hash().equals(hash))
                    .findFirst();
        }
    }

    @Override
    public List<IngestToken> list() {
        synchronized (store) {
            store.open();
            return store.tokens.values().stream()
                    .sorted(Comparator.comparing(IngestToken::createdAt).thenComparing(IngestToken::id))
                    .toList();
        }
    }

    @Override
    public List<IngestToken> revoke(String idOrMachine, Instant at) {
        synchronized (store) {
            store.open();
            List<IngestToken> out = new ArrayList<>();
            for (IngestToken t : List.copyOf(store.tokens.values())) {
                boolean match = t.id().equals(idOrMachine) || t.machine().equals(idOrMachine);
                if (!match || t.revoked()) continue;
                IngestToken r =
                        new IngestToken(t.id(), t.machine(), t.prefix(), t.hash(), t.createdAt(), t.lastUsedAt(), at);
                store.tokens.put(t.id(), r);
                out.add(r);
            }
            out.sort(Comparator.comparing(IngestToken::createdAt).thenComparing(IngestToken::id));
            return out;
        }
    }

    @Override
    public void markUsed(String id, Instant at) {
        synchronized (store) {
            store.open();
            IngestToken t = store.tokens.get(id);
            if (t == null || (t.lastUsedAt() != null && !at.isAfter(t.lastUsedAt()))) return;
            store.tokens.put(
                    id, new IngestToken(t.id(), t.machine(), t.prefix(), t.hash(), t.createdAt(), at, t.revokedAt()));
        }
    }
}
