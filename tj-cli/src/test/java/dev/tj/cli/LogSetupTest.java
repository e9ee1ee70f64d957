package dev.tj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class LogSetupTest {
    @Test
    void everyLineGoesToStderrAtInfoWithTheChattyLibrariesAtWarn() {
        LoggerContext context = new LoggerContext();
        assertThat(new LogSetup().configure(context)).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        var appender = (ConsoleAppender<?>) root.getAppender("STDERR");
        assertThat(appender.getTarget()).isEqualTo("System.err");
        assertThat(appender.isStarted()).isTrue();
        assertThat(context.getLogger("dev.tj.server.Daemon").getEffectiveLevel())
                .isEqualTo(Level.INFO);
        for (String quiet : LogSetup.QUIET)
            assertThat(context.getLogger(quiet + ".x").getEffectiveLevel())
                    .as(quiet)
                    .isEqualTo(Level.WARN);
    }

    @Test
    void logbackFindsItAsAService() {
        assertThat(ServiceLoader.load(Configurator.class).stream()
                        .map(p -> p.type().getName())
                        .toList())
                .contains(LogSetup.class.getName());
    }
}
