package dev.tj.cli.doctor;

/**
 * One check's answer: what it found and, when it is not ok, the one line that fixes it.
 *
 * @param check  a short stable name (also the JSON key users grep for)
 * @param fix    null when the level is ok
 */
public record Finding(String check, Level level, String detail, String fix) {
    public enum Level {
        OK,
        WARN,
        ERROR;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static Finding ok(String check, String detail) {
        return new Finding(check, Level.OK, detail, null);
    }

    public static Finding warn(String check, String detail, String fix) {
        return new Finding(check, Level.WARN, detail, fix);
    }

    public static Finding error(String check, String detail, String fix) {
        return new Finding(check, Level.ERROR, detail, fix);
    }

    /** The exit code of a set of findings: 0 all ok, 1 a warning, 2 an error. */
    public static int exitCode(Iterable<Finding> findings) {
        int code = 0;
        for (Finding f : findings) code = Math.max(code, f.level().ordinal());
        return code;
    }
}
