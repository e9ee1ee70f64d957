package dev.tj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code claude} shell function {@code tj onboard} installs, sourced from the rc files it wrote
 * and run by real bash and zsh, with a fake {@code claude} and a fake {@code tj} on PATH that record
 * what they get: the terminal's instance id (--as, the tty, unknown), the exported attributes, the
 * session-end on exit and on SIGTERM, claude's exit status; and {@code tj otel-resource-attrs}
 * printing the same attributes.
 */
class ShellFunctionIT {
    @TempDir
    Path home;

    Path user, bin, repo, log;

    @BeforeEach
    void setUp() throws Exception {
        user = home.resolve("user-home");
        bin = home.resolve("bin");
        repo = home.resolve("work/My-Repo-dir");
        log = home.resolve("calls.log");
        Files.createDirectories(user);
        Files.createDirectories(bin);
        Files.createDirectories(repo);
        Files.writeString(user.resolve(".bashrc"), "# mine\nexport EDITOR=vi\n");
        script("claude", """
                #!/bin/sh
                echo "claude $*" >> "$LOG"
                echo "attrs $OTEL_RESOURCE_ATTRIBUTES" >> "$LOG"
                if [ "$1" = "wait" ]; then echo $$ > "$LOG.claude"; sleep 60; fi
                exit ${CLAUDE_EXIT:-0}
                """);
        script("tj", "#!/bin/sh\necho \"tj $*\" >> \"$LOG\"\n");
        run(List.of("git", "init", "-q", repo.toString()), home, Map.of());
        run(
                List.of("git", "-C", repo.toString(), "remote", "add", "origin", "git@github.com:Acme/My-Repo.git"),
                home,
                Map.of());
        var r = TjProcess.run(home, Map.of(), "onboard", "--claude-code", "--no-daemon", "--no-hooks");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
    }

    void script(String name, String text) throws Exception {
        Path p = bin.resolve(name);
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    static String shell(String name) {
        for (String dir : System.getenv("PATH").split(":"))
            if (Files.isExecutable(Path.of(dir, name)))
                return Path.of(dir, name).toString();
        throw new IllegalStateException(
                name + " is not installed: bin/test installs it (apt-get install " + name + ")");
    }

    Path rc(String sh) {
        return user.resolve(sh.equals("zsh") ? ".zshrc" : ".bashrc");
    }

    Map<String, String> env(String attrs, String exit) {
        Map<String, String> e = new java.util.HashMap<>();
        e.put("LOG", log.toString());
        e.put("PATH", bin + ":" + System.getenv("PATH"));
        e.put("HOME", user.toString());
        if (attrs != null) e.put("OTEL_RESOURCE_ATTRIBUTES", attrs);
        if (exit != null) e.put("CLAUDE_EXIT", exit);
        return e;
    }

    static int run(List<String> cmd, Path dir, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().remove("OTEL_RESOURCE_ATTRIBUTES");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(out).isTrue();
        return p.exitValue();
    }

    List<String> calls() throws Exception {
        List<String> l = Files.readAllLines(log);
        Files.delete(log);
        return l;
    }

    @Test
    void inBashAndZshTheFunctionNamesTheTerminalExportsItsAttributesEndsTheSessionAndKeepsTheStatus() throws Exception {
        for (String sh : List.of("bash", "zsh")) {
            String path = shell(sh);
            // --as NAME, inherited attributes kept (an inherited instance id replaced), status 7 kept
            int code = run(
                    List.of(
                            path,
                            "-c",
                            ". " + rc(sh) + "; claude --as 'Build 1' -p hello; echo \"status $?\" >> \"$LOG\""),
                    repo,
                    env("deployment.environment=dev,service.instance.id=stale", "7"));
            assertThat(code).as(sh).isZero();
            assertThat(calls())
                    .as(sh)
                    .containsExactly(
                            "claude -p hello",
                            "attrs service.name=claude-code-my-repo,deployment.environment=dev,service.instance.id=Build-1",
                            "tj session-end --instance Build-1",
                            "status 7");

            // no terminal: unknown; a service.name already given wins
            run(List.of(path, "-c", ". " + rc(sh) + "; claude --print 'a b'"), repo, env("service.name=harness", null));
            assertThat(calls())
                    .as(sh)
                    .containsExactly(
                            "claude --print a b",
                            "attrs service.name=harness,service.instance.id=unknown",
                            "tj session-end --instance unknown");

            // a terminal: its tty names it (script gives the shell a pseudo-terminal)
            run(
                    List.of("script", "-qec", path + " -c '. " + rc(sh) + "; claude --as=x; claude go'", "/dev/null"),
                    repo,
                    env(null, null));
            List<String> tty = calls();
            assertThat(tty.get(1)).isEqualTo("attrs service.name=claude-code-my-repo,service.instance.id=x");
            assertThat(tty.get(4))
                    .as(sh)
                    .matches("attrs service\\.name=claude-code-my-repo,service\\.instance\\.id=pts-\\d+");
            assertThat(tty.get(5))
                    .isEqualTo("tj session-end --instance " + tty.get(4).replaceAll(".*=", ""));
        }
    }

    @Test
    void aSigtermWhileClaudeRunsEndsTheSessionInBashAndZsh() throws Exception {
        for (String sh : List.of("bash", "zsh")) {
            // setsid: the shell leads its own process group, as in a terminal; TERM goes to the group
            ProcessBuilder pb = new ProcessBuilder(
                            "setsid",
                            shell(sh),
                            "-c",
                            ". " + rc(sh) + "; claude --as t1 wait; echo \"after $?\" >> \"$LOG\"")
                    .directory(repo.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(home.resolve(sh + ".out").toFile());
            pb.environment().putAll(env(null, null));
            Process p = pb.start();
            Path started = Path.of(log + ".claude");
            for (int i = 0; i < 600 && !Files.exists(started); i++) Thread.sleep(50);
            assertThat(started).as(sh).exists();
            Files.delete(started);
            new ProcessBuilder("kill", "-TERM", "--", "-" + p.pid()).start().waitFor(10, TimeUnit.SECONDS);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as(sh).isTrue();
            assertThat(p.exitValue())
                    .as(sh + ": the shell ends by the TERM it got")
                    .isEqualTo(143);
            assertThat(calls())
                    .as(sh)
                    .containsExactly(
                            "claude wait",
                            "attrs service.name=claude-code-my-repo,service.instance.id=t1",
                            "tj session-end --instance t1");
        }
    }

    @Test
    void otelResourceAttrsPrintsWhatTheFunctionExportsAndTheProjectFromOnboard() throws Exception {
        run(List.of(shell("bash"), "-c", ". " + rc("bash") + "; claude --as term-2"), repo, env(null, null));
        String exported = calls().get(1).substring("attrs ".length());
        assertThat(attrs("--as", "term-2")).isEqualTo(exported);
        assertThat(attrs()).isEqualTo("service.name=claude-code-my-repo");

        // --project: the repository's agent gets a project; the daemon and otel-resource-attrs use it
        ProcessBuilder pb =
                TjProcess.builder(home, Map.of(), "onboard", "--project", "Acme Web", "--no-daemon", "--no-shell");
        pb.directory(repo.toFile()).redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0)
                .as(out)
                .isTrue();
        assertThat(Files.readString(home.resolve("isolated.toml")))
                .contains("[agents.claude-code-my-repo]\nproject = \"Acme Web\"");
        assertThat(attrs()).isEqualTo("service.name=claude-code-my-repo,service.namespace=Acme%20Web");

        // --undo takes the function out of both rc files again
        assertThat(TjProcess.run(home, Map.of(), "onboard", "--undo").exit()).isZero();
        assertThat(Files.readString(user.resolve(".bashrc"))).isEqualTo("# mine\nexport EDITOR=vi\n");
        assertThat(user.resolve(".zshrc")).doesNotExist();
    }

    String attrs(String... args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = "otel-resource-attrs";
        System.arraycopy(args, 0, all, 1, args.length);
        ProcessBuilder pb = TjProcess.builder(home, Map.of(), all);
        pb.directory(repo.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return out;
    }
}
