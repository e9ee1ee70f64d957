package dev.tj.core.drilldown;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tj.core.json.ApiJson;
import dev.tj.core.snapshot.SnapshotProducer;
import dev.tj.core.storage.MethodSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

/**
 * What a method snapshot keeps of a session: its Story with subagents, as the {@code /story} JSON.
 * The Approach and the SessionMap are rebuilt from it (and the stored spans) once the transcript is
 * gone, so the story is the one payload.
 */
public final class StorySnapshots implements SnapshotProducer {
    private final Drilldown drilldown;

    public StorySnapshots(Drilldown drilldown) {
        this.drilldown = drilldown;
    }

    @Override
    public List<Payload> produce(String sessionId) {
        Optional<Transcript> t = drilldown.transcript(sessionId);
        if (t.isEmpty()) return List.of();
        Optional<Story> story = drilldown.story(sessionId, true);
        if (story.isEmpty()) return List.of();
        try {
            Long size = Files.size(t.get().file());
            return List.of(new Payload(
                    MethodSnapshot.STORY,
                    ApiJson.mapper().writeValueAsString(story.get()),
                    size,
                    Files.getLastModifiedTime(t.get().file()).toInstant()));
        } catch (IOException e) {
            return List.of(); // gone meanwhile: nothing to keep
        }
    }

    /** A story read back from its snapshot, or empty when the payload is not one. */
    public static Optional<Story> read(MethodSnapshot s) {
        try {
            return Optional.ofNullable(ApiJson.mapper().readValue(s.payload(), Story.class));
        } catch (JsonProcessingException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
