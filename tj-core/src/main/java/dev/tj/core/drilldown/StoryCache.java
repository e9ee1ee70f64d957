package dev.tj.core.drilldown;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Stories of transcripts that did not change, kept so that a second request is answered without
 * reading anything: the key is the transcript's path, size and mtime plus those of every file in
 * its subagents folder (a subagent still writing changes the key). Least recently used entries go
 * first beyond {@code capacity}.
 */
public final class StoryCache {
    /** What a cached story was built from. */
    record Key(Path file, boolean subagents, List<String> stamps) {}

    private final int capacity;
    private final Map<Path, Map.Entry<Key, Story>> entries;

    public StoryCache(int capacity) {
        this.capacity = Math.max(1, capacity);
        this.entries = new LinkedHashMap<>(16, 0.75f, true);
    }

    /** The cached story of {@code t} if its files are unchanged, else a fresh one from {@code build}. */
    public Story get(Transcript t, boolean subagents, Supplier<Story> build) {
        Optional<Key> key = key(t, subagents);
        if (key.isEmpty()) return build.get();
        Path slot = t.file().resolveSibling(t.file().getFileName() + (subagents ? "#s" : "#f"));
        synchronized (entries) {
            Map.Entry<Key, Story> e = entries.get(slot);
            if (e != null && e.getKey().equals(key.get())) return e.getValue();
        }
        Story s = build.get();
        // the files may have changed while they were read: keep the story only under the key seen before
        if (key(t, subagents).equals(key))
            synchronized (entries) {
                entries.put(slot, Map.entry(key.get(), s));
                while (entries.size() > capacity) {
                    Path eldest = entries.keySet().iterator().next();
                    entries.remove(eldest);
                }
            }
        return s;
    }

    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    static Optional<Key> key(Transcript t, boolean subagents) {
        List<String> stamps = new ArrayList<>();
        try {
            stamps.add(stamp(t.file(), Files.readAttributes(t.file(), BasicFileAttributes.class)));
            Path dir = t.kind() == Transcript.Kind.CLAUDE_CODE && subagents ? t.subagentsDir() : null;
            if (dir != null && Files.isDirectory(dir)) {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                    for (Path f : ds) stamps.add(stamp(f, Files.readAttributes(f, BasicFileAttributes.class)));
                }
                stamps.sort(null);
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(new Key(t.file(), subagents, stamps));
    }

    private static String stamp(Path f, BasicFileAttributes a) {
        return f.getFileName() + "|" + a.size() + "|" + a.lastModifiedTime().toMillis();
    }
}
