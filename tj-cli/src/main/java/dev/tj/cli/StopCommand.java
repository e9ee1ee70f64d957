package dev.tj.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Stops exactly the daemon this home's {@code tj serve} recorded: its pid in TJ_HOME/server.json,
 * checked against the process start time, never a process found by name.
 */
@Command(name = "stop", description = "Stop the tj daemon that tj serve started (from its recorded pid).")
public final class StopCommand implements Callable<Integer> {
    @Option(
            names = "--timeout",
            defaultValue = "30",
            description = "seconds to wait for the daemon to drain its writes and exit (default 30)")
    int timeoutSeconds;

    @Option(names = "--force", description = "kill the daemon if it has not exited after the timeout")
    boolean force;

    @Override
    public Integer call() throws Exception {
        Optional<ServerState> state = ServerState.read(ConfigOption.tjHome());
        Optional<ProcessHandle> process = state.flatMap(ServerState::process);
        if (process.isEmpty()) {
            System.err.println("No tj daemon is running from " + ConfigOption.tjHome()
                    + (state.isPresent() ? " (the recorded pid " + state.get().pid() + " has exited)." : "."));
            state.ifPresent(ServerState::delete);
            return 1;
        }
        ProcessHandle p = process.get();
        // SIGTERM: the daemon's shutdown hook drains queued writes and checkpoints the database
        p.destroy();
        if (await(p, Duration.ofSeconds(Math.max(1, timeoutSeconds)))) {
            System.out.println("Stopped the tj daemon (pid " + p.pid() + ").");
            return 0;
        }
        if (force) {
            p.destroyForcibly();
            if (await(p, Duration.ofSeconds(10))) {
                System.out.println("Killed the tj daemon (pid " + p.pid() + ") after " + timeoutSeconds + " s.");
                state.get().delete();
                return 0;
            }
        }
        System.err.println("The tj daemon (pid " + p.pid() + ") is still shutting down after " + timeoutSeconds
                + " s; wait, or run `tj stop --force`.");
        return 2;
    }

    private static boolean await(ProcessHandle p, Duration d) throws InterruptedException {
        try {
            p.onExit().get(d.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return !p.isAlive();
        } catch (java.util.concurrent.ExecutionException e) {
            return !p.isAlive();
        }
    }
}
