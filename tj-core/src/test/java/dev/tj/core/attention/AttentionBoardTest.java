package dev.tj.core.attention;

import static dev.tj.core.agent.ClaudeCodeHooks.effect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.agent.ClaudeCodeHooks.Effect;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttentionBoardTest {
    static final Instant T = Instant.parse("2026-11-30T10:00:00Z");

    @Test
    void claudeCodesHookEventsMapToWhatTheSessionWaitsFor() {
        assertThat(effect("Stop", null)).isEqualTo(Effect.WAITS_FOR_INPUT);
        assertThat(effect("Notification", "permission_prompt")).isEqualTo(Effect.WAITS_FOR_PERMISSION);
        assertThat(effect("Notification", "idle_prompt")).isEqualTo(Effect.WAITS_FOR_INPUT);
        assertThat(effect("Notification", "auth_success")).isEqualTo(Effect.NONE);
        assertThat(effect("Notification", null)).isEqualTo(Effect.NONE);
        assertThat(effect("UserPromptSubmit", null)).isEqualTo(Effect.WORKING);
        assertThat(effect("SessionStart", null)).isEqualTo(Effect.WORKING);
        assertThat(effect("SubagentStop", null)).isEqualTo(Effect.NONE);
        assertThat(effect("SessionEnd", null)).isEqualTo(Effect.ENDED);
        assertThat(effect("SomethingNew", null)).isEqualTo(Effect.NONE);
        assertThat(effect(null, null)).isEqualTo(Effect.NONE);
    }

    @Test
    void aWaitKeepsItsStartAndEndsWithThePromptOrNewActivity() {
        AttentionBoard b = new AttentionBoard();
        List<String> changes = new ArrayList<>();
        b.onChange(changes::add);

        assertThat(b.apply("s1", Effect.WAITS_FOR_INPUT, T, null)).isTrue();
        assertThat(b.apply("s1", Effect.WAITS_FOR_INPUT, T.plusSeconds(30), null))
                .isFalse(); // same wait
        assertThat(b.of("s1", T.minusSeconds(5))).contains(new Attention(Attention.NEEDS_INPUT, T, null));
        // the turn that ended (activity stored just after the hook) does not end the wait
        assertThat(b.of("s1", T.plusSeconds(2))).isPresent();

        assertThat(b.apply("s1", Effect.WAITS_FOR_PERMISSION, T.plusSeconds(40), "Claude needs your permission"))
                .isTrue();
        assertThat(b.of("s1", null).orElseThrow().state()).isEqualTo(Attention.NEEDS_PERMISSION);
        assertThat(b.of("s1", null).orElseThrow().message()).isEqualTo("Claude needs your permission");

        assertThat(b.apply("s1", Effect.WORKING, T.plusSeconds(50), null)).isTrue();
        assertThat(b.of("s1", null)).isEmpty();
        assertThat(b.apply("s1", Effect.WORKING, T.plusSeconds(51), null)).isFalse();

        b.apply("s2", Effect.WAITS_FOR_INPUT, T, null);
        assertThat(b.of("s2", T.plusSeconds(3))).isEmpty(); // it went on working since
        assertThat(b.of("s2", null)).isEmpty();

        b.apply("s3", Effect.WAITS_FOR_INPUT, T, null);
        assertThat(b.apply("s3", Effect.ENDED, T.plusSeconds(1), null)).isTrue();
        assertThat(b.apply("s3", Effect.NONE, T.plusSeconds(2), null)).isFalse();
        assertThat(b.of("s3", null)).isEmpty();
        assertThat(changes).containsExactly("s1", "s1", "s1", "s2", "s3", "s3");
    }

    @Test
    void theLongestWaitGoesWhenTheBoardIsFull() {
        AttentionBoard b = new AttentionBoard();
        for (int i = 0; i < AttentionBoard.MAX_WAITING; i++)
            b.apply("s" + i, Effect.WAITS_FOR_INPUT, T.plusSeconds(i), null);
        b.apply("new", Effect.WAITS_FOR_INPUT, T.plusSeconds(AttentionBoard.MAX_WAITING), null);
        assertThat(b.size()).isEqualTo(AttentionBoard.MAX_WAITING);
        assertThat(b.of("s0", null)).isEmpty();
        assertThat(b.of("s1", null)).isPresent();
        assertThat(b.of("new", null)).isPresent();
    }
}
