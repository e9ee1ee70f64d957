package dev.tj.core.storage;

/** What a cost row is keyed by. Week groups by ISO week start (Monday), month by YYYY-MM. */
public enum CostGroup {
    DAY,
    WEEK,
    MONTH,
    MODEL,
    AGENT,
    PROJECT,
    SESSION,
    TOOL,
    MACHINE,
    USER;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
