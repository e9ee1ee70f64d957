package dev.tj.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdSetTest {
    /**
     * Random adds, removes and lookups against a HashSet, from a table of four slots (it grows, and
     * probe runs wrap around its end) over few distinct ids (runs collide, removals shift them).
     */
    @Test
    void agreesWithHashSet() {
        for (long seed = 1; seed <= 40; seed++) {
            Random r = new Random(seed);
            int universe = 4 + r.nextInt(300);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < universe; i++) ids.add(i % 17 == 0 ? null : Long.toHexString(r.nextLong()));
            IdSet set = new IdSet(4);
            Set<String> truth = new HashSet<>();
            for (int op = 0; op < 20_000; op++) {
                String id = ids.get(r.nextInt(universe));
                switch (r.nextInt(3)) {
                    case 0 ->
                        assertThat(set.add(id)).as("add %s, seed %d", id, seed).isEqualTo(truth.add(id));
                    case 1 ->
                        assertThat(set.remove(id))
                                .as("remove %s, seed %d", id, seed)
                                .isEqualTo(truth.remove(id));
                    default ->
                        assertThat(set.contains(id))
                                .as("contains %s, seed %d", id, seed)
                                .isEqualTo(truth.contains(id));
                }
                assertThat(set.size()).isEqualTo(truth.size());
            }
            for (String id : ids) assertThat(set.contains(id)).isEqualTo(truth.contains(id));
        }
    }

    @Test
    void equalHashesStayApart() {
        // "Aa" and "BB" have the same String.hashCode, as do all their concatenations
        IdSet set = new IdSet(8);
        List<String> same = List.of("AaAa", "AaBB", "BBAa", "BBBB");
        for (String s : same) assertThat(set.add(s)).isTrue();
        assertThat(set.remove("AaBB")).isTrue();
        assertThat(set.contains("AaAa")).isTrue();
        assertThat(set.contains("AaBB")).isFalse();
        assertThat(set.contains("BBAa")).isTrue();
        assertThat(set.contains("BBBB")).isTrue();
        assertThat(set.size()).isEqualTo(3);
    }

    @Test
    void holdsAGroupOfIds() {
        IdSet set = new IdSet();
        for (int i = 0; i < 130_000; i++) set.add("span-" + i);
        for (int i = 0; i < 130_000; i += 2) set.remove("span-" + i);
        assertThat(set.size()).isEqualTo(65_000);
        assertThat(set.contains("span-1")).isTrue();
        assertThat(set.contains("span-2")).isFalse();
    }

    @Test
    void slotsArePowersOfTwo() {
        assertThatThrownBy(() -> new IdSet(6)).isInstanceOf(IllegalArgumentException.class);
    }
}
