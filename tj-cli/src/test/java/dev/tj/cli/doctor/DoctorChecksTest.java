package dev.tj.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tj.cli.doctor.Finding.Level;
import dev.tj.core.pricing.Pricing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each of tj doctor's setup and data checks in its failing state, and ok when it is not. */
class DoctorChecksTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @TempDir
    Path dir;

    static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void configThatDoesNotParseIsAnError() {
        Finding f = SetupChecks.config(null, "config.toml:3:7: expected '='");
        assertThat(f.level()).isEqualTo(Level.ERROR);
        assertThat(f.detail()).contains("config.toml:3:7");
        assertThat(f.fix()).isNotBlank();
        assertThat(SetupChecks.config(dir.resolve("c.toml"), null).level()).isEqualTo(Level.OK);
    }

    @Test
    void databaseThatCannotBeOpenedOrWrittenIsAnErrorAndOneHeldByTheDaemonIsOk() throws Exception {
        Path db = dir.resolve("t.duckdb");
        assertThat(SetupChecks.database(db, null, () -> null).level()).isEqualTo(Level.OK); // not created yet
        Files.writeString(db, "not a database");
        Finding broken = SetupChecks.database(db, null, () -> "IO Error: not a valid DuckDB file");
        assertThat(broken.level()).isEqualTo(Level.ERROR);
        assertThat(broken.detail()).contains("not a valid DuckDB file");
        assertThat(SetupChecks.database(db, "the tj daemon at http://127.0.0.1:1, pid 7", () -> {
                            throw new AssertionError("a held database is not opened");
                        })
                        .level())
                .isEqualTo(Level.OK);
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("r--r--r--"));
        if (!Files.isWritable(db)) { // root writes anything: the permission check is moot there
            assertThat(SetupChecks.database(db, null, () -> null).level()).isEqualTo(Level.ERROR);
        }
        assertThat(SetupChecks.database(db, null, () -> null).detail()).contains(db.toString());
    }

    @Test
    void daemonDownIsAWarningAHungOneAnErrorAndAnotherVersionAWarning() {
        Finding down = SetupChecks.daemon("1.0", null, false, null, "http://127.0.0.1:7391");
        assertThat(down.level()).isEqualTo(Level.WARN);
        assertThat(down.fix()).contains("tj serve");
        Finding stale = SetupChecks.daemon("1.0", 4242L, false, null, "http://127.0.0.1:7391");
        assertThat(stale.level()).isEqualTo(Level.WARN);
        assertThat(stale.detail()).contains("stale", "4242");
        Finding hung = SetupChecks.daemon("1.0", 4242L, true, null, "http://127.0.0.1:7391");
        assertThat(hung.level()).isEqualTo(Level.ERROR);
        assertThat(hung.fix()).contains("tj stop");
        Finding old = SetupChecks.daemon("1.1", 4242L, true, "1.0", "http://127.0.0.1:7391");
        assertThat(old.level()).isEqualTo(Level.WARN);
        assertThat(old.detail()).contains("1.0", "1.1");
        assertThat(SetupChecks.daemon("1.1", 4242L, true, "1.1", "http://x").level())
                .isEqualTo(Level.OK);
    }

    @Test
    void noTranscriptRootIsAWarning() throws Exception {
        Path claude = dir.resolve("claude/projects"), codex = dir.resolve("codex/sessions");
        assertThat(SetupChecks.transcripts(claude, codex).level()).isEqualTo(Level.WARN);
        Files.createDirectories(codex);
        Finding one = SetupChecks.transcripts(claude, codex);
        assertThat(one.level()).isEqualTo(Level.OK);
        assertThat(one.detail()).isEqualTo(codex.toString());
    }

    @Test
    void anAgentSilentForMoreThanSixHoursIsAWarning() throws Exception {
        JsonNode agents = json("{\"agents\":[" + "{\"agent_id\":\"claude-code-app\",\"last_seen\":\""
                + NOW.minus(Duration.ofHours(7)) + "\"}," + "{\"agent_id\":\"claude-code\",\"last_seen\":\""
                + NOW.minus(Duration.ofHours(8)) + "\"}," + "{\"agent_id\":\"codex_exec\",\"last_seen\":\""
                + NOW.minus(Duration.ofMinutes(5)) + "\"}," + "{\"agent_id\":\"my-sdk-service\",\"last_seen\":\""
                + NOW + "\"}]}");
        Finding claude = DataChecks.lastClaudeCode(agents, NOW, true);
        assertThat(claude.level()).isEqualTo(Level.WARN);
        assertThat(claude.detail()).contains("7 h ago"); // the newest of the family, not the SDK service
        Finding codex = DataChecks.lastCodex(agents, NOW, true);
        assertThat(codex.level()).isEqualTo(Level.OK);
        assertThat(codex.detail()).contains("5 min ago");

        JsonNode none = json("{\"agents\":[]}");
        assertThat(DataChecks.lastCodex(none, NOW, true).level()).isEqualTo(Level.WARN); // set up, never reported
        assertThat(DataChecks.lastCodex(none, NOW, false).level()).isEqualTo(Level.OK); // not set up
    }

    @Test
    void modelsWithoutARateAreAWarningNamingThem() throws Exception {
        Pricing pricing = Pricing.packaged();
        JsonNode priced = json("{\"rows\":[{\"group\":\"claude-sonnet-4-5\"},{\"group\":\"gpt-5\"}]}");
        assertThat(DataChecks.pricing(priced, pricing).level()).isEqualTo(Level.OK);
        JsonNode unknown = json("{\"rows\":[{\"group\":\"claude-sonnet-4-5\"},{\"group\":\"acme-llm-9000-xl\"}]}");
        Finding f = DataChecks.pricing(unknown, pricing);
        assertThat(f.level()).isEqualTo(Level.WARN);
        assertThat(f.detail()).contains("1 of 2", "acme-llm-9000-xl").doesNotContain("sonnet");
        assertThat(f.fix()).contains("[pricing.models");
    }

    @Test
    void catchUpDisabledBehindOrWithoutADaemonIsAWarning() throws Exception {
        assertThat(DataChecks.catchup(null).level()).isEqualTo(Level.WARN);
        assertThat(DataChecks.catchup(json("{\"enabled\":false}")).detail()).contains("disabled");
        Finding behind = DataChecks.catchup(json("{\"enabled\":true,\"lag_seconds\":1800,\"pending_files\":12}"));
        assertThat(behind.level()).isEqualTo(Level.WARN);
        assertThat(behind.detail()).contains("30 min", "12 files");
        assertThat(DataChecks.catchup(json("{\"enabled\":true,\"lag_seconds\":3,\"dirs_watched\":40}"))
                        .level())
                .isEqualTo(Level.OK);
    }

    @Test
    void theExitCodeIsTheWorstLevel() {
        Finding ok = Finding.ok("a", "x"), warn = Finding.warn("b", "y", "z"), err = Finding.error("c", "y", "z");
        assertThat(Finding.exitCode(List.of(ok))).isZero();
        assertThat(Finding.exitCode(List.of(ok, warn))).isEqualTo(1);
        assertThat(Finding.exitCode(List.of(err, ok, warn))).isEqualTo(2);
    }

    @Test
    void upstreamRefusedIsAnErrorUnreachableAWarningAndSendingOk() throws Exception {
        String url = "https://team.example";
        Finding down = DataChecks.upstream(url, null);
        assertThat(down.level()).isEqualTo(Level.WARN);
        Finding refused = DataChecks.upstream(
                url,
                json("{\"state\":\"refused\",\"pending_records\":42,"
                        + "\"last_error\":\"401 unauthorized\",\"last_success\":null}"));
        assertThat(refused.level()).isEqualTo(Level.ERROR);
        assertThat(refused.detail()).contains("401 unauthorized").contains("42 records kept");
        assertThat(refused.fix()).contains("tj token create");
        Finding retrying = DataChecks.upstream(
                url,
                json("{\"state\":\"retrying\",\"pending_records\":7,"
                        + "\"last_error\":\"unreachable: ConnectException\",\"last_success\":null}"));
        assertThat(retrying.level()).isEqualTo(Level.WARN);
        assertThat(retrying.detail()).contains("7 records wait");
        Finding ok = DataChecks.upstream(
                url,
                json("{\"state\":\"idle\",\"pending_records\":0,"
                        + "\"last_error\":null,\"last_success\":\"2026-12-01T05:00:00Z\"}"));
        assertThat(ok.level()).isEqualTo(Level.OK);
        assertThat(ok.detail()).contains("0 pending").contains("2026-12-01T05:00:00Z");
    }
}
