package dev.tj.testkit;

import static dev.tj.testkit.DrilldownCorpus.CODEX;
import static dev.tj.testkit.DrilldownCorpus.T0;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The Codex rollout beside the drill-in scenario: commands that fail, a retry, a patch, an unknown item. */
final class DrilldownRollout {
    private DrilldownRollout() {}

    static void write(Path sessions) throws IOException {
        Path f = sessions.resolve("2026/11/02/rollout-2026-11-02T10-00-00-" + CODEX + ".jsonl");
        Files.createDirectories(f.getParent());
        long t = T0 + 3_600_000;
        List<String> lines = new ArrayList<>();
        lines.add(rec(
                t,
                "session_meta",
                "{\"id\":\"" + CODEX
                        + "\",\"cwd\":\"/home/dev/rs\",\"originator\":\"codex_cli_rs\",\"cli_version\":\"0.169.0\"}"));
        lines.add(rec(t, "turn_context", "{\"cwd\":\"/home/dev/rs\",\"model\":\"gpt-5-codex\"}"));
        lines.add(
                rec(
                        t,
                        "response_item",
                        "{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"<environment_context>cwd</environment_context>\"}]}"));
        lines.add(
                rec(
                        t + 1000,
                        "response_item",
                        "{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"Make the tests pass\"}]}"));
        lines.add(rec(t + 1000, "event_msg", "{\"type\":\"user_message\",\"message\":\"Make the tests pass\"}"));
        String[] outs = {
            "Process exited with code 101\nOutput:\nfailed",
            "Process exited with code 101\nOutput:\nfailed",
            null,
            "Process exited with code 0\nOutput:\nok"
        };
        for (int i = 0; i < 4; i++) {
            long at = t + 10_000L * (i + 1);
            if (i == 2) {
                lines.add(rec(
                        at,
                        "response_item",
                        "{\"type\":\"custom_tool_call\",\"status\":\"completed\",\"call_id\":\"call_p\",\"name\":\"apply_patch\",\"input\":"
                                + Text.quote(
                                        "*** Begin Patch\n*** Update File: src/lib.rs\n@@\n-a\n+b\n*** End Patch\n")
                                + "}"));
                lines.add(rec(
                        at + 500,
                        "response_item",
                        "{\"type\":\"custom_tool_call_output\",\"call_id\":\"call_p\",\"output\":"
                                + Text.quote("{\"output\":\"Success.\",\"metadata\":{\"exit_code\":0}}") + "}"));
            } else {
                lines.add(rec(
                        at,
                        "response_item",
                        "{\"type\":\"function_call\",\"name\":\"exec_command\",\"arguments\":"
                                + Text.quote("{\"cmd\":\"cargo test\"}") + ",\"call_id\":\"call_" + i + "\"}"));
                lines.add(rec(
                        at + 500,
                        "response_item",
                        "{\"type\":\"function_call_output\",\"call_id\":\"call_" + i + "\",\"output\":"
                                + Text.quote(outs[i]) + "}"));
            }
        }
        lines.add(
                rec(
                        t + 60_000,
                        "response_item",
                        "{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"All tests pass.\"}]}"));
        lines.add(rec(t + 60_000, "event_msg", "{\"type\":\"agent_message\",\"message\":\"All tests pass.\"}"));
        lines.add(rec(t + 61_000, "response_item", "{\"type\":\"future_item_kind\"}"));
        Files.writeString(f, String.join("\n", lines) + "\n");
    }

    private static String rec(long t, String type, String payload) {
        return "{\"timestamp\":\"" + Text.iso(t) + "\",\"type\":\"" + type + "\",\"payload\":" + payload + "}";
    }
}
