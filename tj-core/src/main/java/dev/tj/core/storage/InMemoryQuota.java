package dev.tj.core.storage;

import dev.tj.core.quota.QuotaSnapshot;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Quota snapshots in {@link InMemoryStorage}, oldest first; an older reading than one kept is refused. */
final class InMemoryQuota implements QuotaSnapshots {
    private final InMemoryStorage store;

    InMemoryQuota(InMemoryStorage store) {
        this.store = store;
    }

    @Override
    public boolean add(QuotaSnapshot q) {
        synchronized (store) {
            store.open();
            if (!q.hasQuota()) return false;
            for (QuotaSnapshot o : store.quotaSnapshots)
                if (Objects.equals(o.user(), q.user()) && o.at().isAfter(q.at())) return false;
            store.quotaSnapshots.add(q);
            store.quotaSnapshots.sort(Comparator.comparing(QuotaSnapshot::at));
            return true;
        }
    }

    @Override
    public List<QuotaSnapshot> between(Instant from, Instant to, String user) {
        synchronized (store) {
            store.open();
            return store.quotaSnapshots.stream()
                    .filter(q -> !q.at().isBefore(from) && q.at().isBefore(to))
                    .filter(q -> user == null || user.equals(q.user()))
                    .toList();
        }
    }

    @Override
    public List<QuotaSnapshot> changes(String window, Instant from, Instant to, String user) {
        return QuotaRow.changes(between(from, to, user), window);
    }

    @Override
    public Optional<QuotaSnapshot> latest(String user) {
        synchronized (store) {
            store.open();
            for (int i = store.quotaSnapshots.size() - 1; i >= 0; i--) {
                QuotaSnapshot q = store.quotaSnapshots.get(i);
                if (user == null || user.equals(q.user())) return Optional.of(q);
            }
            return Optional.empty();
        }
    }
}
