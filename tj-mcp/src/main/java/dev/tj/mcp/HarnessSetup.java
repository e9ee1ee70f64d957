package dev.tj.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code setup_harness}: makes a fan-out harness's workers report one run. {@code instrument} writes
 * {@code .tj/run-env.sh}, which mints {@code TJ_RUN_ID} once and stamps it on
 * {@code OTEL_RESOURCE_ATTRIBUTES}; {@code map} only finds where the project spawns agents.
 */
final class HarnessSetup {
    static final String ATTRIBUTE = "tokenjam.run_id";
    static final String HELPER = ".tj/run-env.sh";

    /** POSIX sh, so bash, zsh and dash source it alike; sourcing it again changes nothing. */
    static final String RUN_ENV = """
            # .tj/run-env.sh, written by tj (MCP tool setup_harness).
            # Source it in the launcher before it spawns workers:  source .tj/run-env.sh
            # Every agent started from that shell then reports tokenjam.run_id=$TJ_RUN_ID, and tj
            # groups their sessions into one Run. Sourcing it again keeps the run id and never
            # duplicates the attribute; an outer launcher's run id wins.
            if [ -z "${TJ_RUN_ID:-}" ]; then
              case ",${OTEL_RESOURCE_ATTRIBUTES:-}," in
                *,tokenjam.run_id=*)
                  TJ_RUN_ID=$(printf '%s\\n' ",${OTEL_RESOURCE_ATTRIBUTES}," | sed -n 's/.*,tokenjam\\.run_id=\\([^,]*\\),.*/\\1/p')
                  ;;
              esac
            fi
            if [ -z "${TJ_RUN_ID:-}" ]; then
              TJ_RUN_ID="run-$(date -u +%Y%m%dT%H%M%SZ)-$$"
            fi
            export TJ_RUN_ID
            case ",${OTEL_RESOURCE_ATTRIBUTES:-}," in
              *,tokenjam.run_id=*) ;;
              *) OTEL_RESOURCE_ATTRIBUTES="${OTEL_RESOURCE_ATTRIBUTES:+${OTEL_RESOURCE_ATTRIBUTES},}tokenjam.run_id=${TJ_RUN_ID}" ;;
            esac
            export OTEL_RESOURCE_ATTRIBUTES
            """;

    static final String PYTHON_WIRING = """
            import os, time
            os.environ.setdefault("TJ_RUN_ID", time.strftime("run-%Y%m%dT%H%M%SZ", time.gmtime()) + f"-{os.getpid()}")
            _attrs = os.environ.get("OTEL_RESOURCE_ATTRIBUTES", "")
            if "tokenjam.run_id=" not in _attrs:
                os.environ["OTEL_RESOURCE_ATTRIBUTES"] = (_attrs + "," if _attrs else "") + "tokenjam.run_id=" + os.environ["TJ_RUN_ID"]
            # every subprocess started after this inherits the run id
            """;

    static final String BOUNDARY = "tj only reads what workers report: the run id reaches a worker through the"
            + " environment its launcher passes on. Workers started elsewhere (another machine, a container"
            + " without the variable, a cleared environment) stay outside the run. tj changes no launcher"
            + " code; wiring the helper in is up to you.";

    private HarnessSetup() {}

    static Map<String, Object> instrument(Path project) throws IOException {
        Path helper = project.resolve(HELPER);
        Files.createDirectories(helper.getParent());
        boolean unchanged = Files.isRegularFile(helper)
                && Files.readString(helper, StandardCharsets.UTF_8).equals(RUN_ENV);
        if (!unchanged) Files.writeString(helper, RUN_ENV, StandardCharsets.UTF_8);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mode", "instrument");
        out.put("attribute", ATTRIBUTE);
        out.put("helper_path", helper.toString());
        out.put("helper_relpath", HELPER);
        out.put("written", !unchanged);
        out.put("shell_wiring", "source " + HELPER);
        out.put("python_wiring", PYTHON_WIRING);
        out.put("spawn_points", hits(project));
        out.put(
                "next_steps",
                List.of(
                        "Source the helper in the launcher before it spawns workers: `source " + HELPER
                                + "` (bash/zsh/sh), or put python_wiring at the top of a Python launcher.",
                        "Start workers with the launcher's environment (never a cleared env) so each one inherits"
                                + " OTEL_RESOURCE_ATTRIBUTES; for workers a session spawns, add"
                                + " tokenjam.parent_session_id=<that session's id> to draw the spawn tree.",
                        "Run the harness: every worker's session reports tokenjam.run_id=$TJ_RUN_ID.",
                        "Check the run with list_runs / get_run (or `tj runs $TJ_RUN_ID`, or the dashboard's Runs"
                                + " view): its sessions, their total cost and the spawn tree."));
        out.put("boundary", BOUNDARY);
        return out;
    }

    static Map<String, Object> map(Path project, TjReads reads) throws IOException {
        List<Map<String, Object>> hits = hits(project);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mode", "map");
        out.put("project_path", project.toString());
        out.put("spawn_points", hits);
        List<JsonNode> runs = new ArrayList<>();
        try {
            for (JsonNode r : reads.runs().path("runs")) {
                if (runs.size() == 50) break;
                runs.add(r);
            }
            out.put("runs_visible", runs);
        } catch (RuntimeException e) {
            out.put("runs_visible", null);
            out.put("runs_error", String.valueOf(e.getMessage()));
        }
        out.put("recommendation", recommendation(hits, runs));
        out.put("boundary", BOUNDARY);
        return out;
    }

    private static String recommendation(List<Map<String, Object>> hits, List<JsonNode> runs) {
        if (hits.isEmpty())
            return "No spawn points found (shell scripts running claude/codex, or process APIs launching them)."
                    + " If this project starts agents some other way, source " + HELPER
                    + " (setup_harness mode=instrument) wherever it does.";
        String where = String.valueOf(hits.get(0).get("file"));
        return "Found " + hits.size() + " spawn point" + (hits.size() == 1 ? "" : "s")
                + ". Run setup_harness with mode=instrument, then source " + HELPER + " in the launcher ("
                + where + " first) before it spawns workers"
                + (runs.isEmpty()
                        ? "; no run has reported to tj yet."
                        : "; " + runs.size() + " run(s) already report.");
    }

    private static List<Map<String, Object>> hits(Path project) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (SpawnPoints.Hit h : SpawnPoints.scan(project)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", h.file());
            m.put("line", h.line());
            m.put("text", h.text());
            out.add(m);
        }
        return out;
    }
}
