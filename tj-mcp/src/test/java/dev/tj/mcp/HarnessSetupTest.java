package dev.tj.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .tj/run-env.sh as written by setup_harness, sourced by a real bash. */
class HarnessSetupTest {
    @TempDir
    Path project;

    private String bash(String script, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).directory(project.toFile());
        pb.environment().remove("TJ_RUN_ID");
        pb.environment().remove("OTEL_RESOURCE_ATTRIBUTES");
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void sourcedTwiceKeepsOneRunIdAndOneAttribute() throws Exception {
        Map<String, Object> answer = HarnessSetup.instrument(project);
        assertThat(answer).containsEntry("written", true).containsEntry("helper_relpath", ".tj/run-env.sh");
        String out = bash(
                "source .tj/run-env.sh; first=$TJ_RUN_ID; source .tj/run-env.sh;"
                        + " echo \"$first|$TJ_RUN_ID|$OTEL_RESOURCE_ATTRIBUTES\";"
                        + " bash -c 'echo \"child:$TJ_RUN_ID|$OTEL_RESOURCE_ATTRIBUTES\"'",
                Map.of("OTEL_RESOURCE_ATTRIBUTES", "service.name=worker"));
        String[] lines = out.split("\n");
        String[] f = lines[0].split("\\|");
        assertThat(f[0]).matches("run-\\d{8}T\\d{6}Z-\\d+");
        assertThat(f[1]).isEqualTo(f[0]);
        assertThat(f[2]).isEqualTo("service.name=worker,tokenjam.run_id=" + f[0]);
        // exported: a worker the launcher starts inherits both
        assertThat(lines[1]).isEqualTo("child:" + f[0] + "|" + f[2]);
    }

    @Test
    void withNoAttributesItSetsOnlyTheRunId() throws Exception {
        HarnessSetup.instrument(project);
        String out = bash("source .tj/run-env.sh; echo \"$TJ_RUN_ID|$OTEL_RESOURCE_ATTRIBUTES\"", Map.of());
        String[] f = out.split("\\|");
        assertThat(f[1]).isEqualTo("tokenjam.run_id=" + f[0]);
    }

    @Test
    void anOuterRunIdWins() throws Exception {
        HarnessSetup.instrument(project);
        assertThat(bash(
                        "source .tj/run-env.sh; echo \"$TJ_RUN_ID|$OTEL_RESOURCE_ATTRIBUTES\"",
                        Map.of("OTEL_RESOURCE_ATTRIBUTES", "tokenjam.run_id=outer-7,service.name=w")))
                .isEqualTo("outer-7|tokenjam.run_id=outer-7,service.name=w");
        assertThat(bash(
                        "source .tj/run-env.sh; echo \"$TJ_RUN_ID|$OTEL_RESOURCE_ATTRIBUTES\"",
                        Map.of("TJ_RUN_ID", "given-1")))
                .isEqualTo("given-1|tokenjam.run_id=given-1");
    }

    @Test
    void writingAgainChangesNothingAndMapWritesNothing() throws Exception {
        HarnessSetup.instrument(project);
        Path helper = project.resolve(".tj/run-env.sh");
        long modified = Files.getLastModifiedTime(helper).toMillis();
        assertThat(HarnessSetup.instrument(project)).containsEntry("written", false);
        assertThat(Files.getLastModifiedTime(helper).toMillis()).isEqualTo(modified);

        Path other = Files.createDirectory(project.resolve("other"));
        Map<String, Object> map = HarnessSetup.map(other, null);
        assertThat(map).containsEntry("mode", "map");
        assertThat(map.get("runs_visible")).isNull(); // no reads: said, not thrown
        assertThat(other.resolve(".tj")).doesNotExist();
    }
}
