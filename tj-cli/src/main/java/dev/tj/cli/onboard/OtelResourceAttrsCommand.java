package dev.tj.cli.onboard;

import dev.tj.cli.ConfigOption;
import dev.tj.core.config.TjConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tj otel-resource-attrs}: the {@code OTEL_RESOURCE_ATTRIBUTES} a Claude Code started here
 * should carry, on one bare line: {@code service.name=claude-code-<repo>}, then
 * {@code service.namespace=<project>} when {@code [agents."claude-code-<repo>"] project} is set,
 * then {@code service.instance.id=<NAME>} with {@code --as}.
 */
@Command(
        name = "otel-resource-attrs",
        description = "Print the OTEL_RESOURCE_ATTRIBUTES for a Claude Code started in this directory.")
public final class OtelResourceAttrsCommand implements Callable<Integer> {
    @Mixin
    ConfigOption configOption;

    @Option(names = "--as", paramLabel = "NAME", description = "this terminal's name (service.instance.id)")
    String as;

    @Override
    public Integer call() {
        String agent = "claude-code-" + RepoName.of(Path.of("").toAbsolutePath());
        StringBuilder b = new StringBuilder("service.name=").append(agent);
        TjConfig config = configOption.load();
        String project = config.projectFor(agent);
        if (project != null && !project.isBlank())
            b.append(",service.namespace=").append(encode(project));
        if (as != null && !as.isBlank())
            b.append(",service.instance.id=").append(as.replaceAll("[^A-Za-z0-9._-]", "-"));
        System.out.println(b);
        return 0;
    }

    /** OTEL_RESOURCE_ATTRIBUTES values: no spaces, commas or equals signs; percent-encoded as the SDKs decode them. */
    static String encode(String v) {
        StringBuilder b = new StringBuilder();
        for (byte x : v.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c > 0x20 && c < 0x7f && c != ',' && c != '=' && c != '%' && c != '"' && c != ';' && c != '\\')
                b.append((char) c);
            else b.append('%').append(String.format("%02X", c));
        }
        return b.toString();
    }
}
