package dev.tj.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the history work lands; hidden so --help lists only working commands. */
@Command(name = "cost", hidden = true, description = "not available yet")
public final class CostCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("tj cost is not available yet");
        return 2;
    }
}
