package dev.tj.cli;

import picocli.CommandLine;

/** The version baked into the jar manifest, or "dev" when run from classes. */
public final class Version implements CommandLine.IVersionProvider {
    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"tj " + current()};
    }
}
