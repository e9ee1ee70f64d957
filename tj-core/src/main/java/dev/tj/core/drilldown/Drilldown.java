package dev.tj.core.drilldown;

import java.util.Optional;

/**
 * The drill-in's entry point for adapters: finds a session's transcript under the configured roots
 * and answers its Story from the cache while the files are unchanged.
 */
public final class Drilldown {
    private final TranscriptSearch search;
    private final StoryCache cache;

    public Drilldown(TranscriptSearch search, StoryCache cache) {
        this.search = search;
        this.cache = cache;
    }

    public TranscriptSearch search() {
        return search;
    }

    public Optional<Transcript> transcript(String sessionId) {
        return search.find(sessionId);
    }

    /** The session's story from its transcript, or empty when no transcript is found. */
    public Optional<Story> story(String sessionId, boolean subagents) {
        return search.find(sessionId).map(t -> cache.get(t, subagents, () -> new StoryBuilder().build(t, subagents)));
    }
}
