package dev.tj.core.transcript;

/** What one transcript line turned out to be. */
public enum LineResult {
    BLANK,
    PARSED,
    /** Parsed only after invalid UTF-8 bytes were replaced (as Node's reader does); the record is kept. */
    PARSED_AFTER_UTF8_REPAIR,
    /** Not one complete JSON object: truncated, garbage, or something after the object. */
    NOT_JSON,
    /** Valid JSON but not an object (a bare string, number or array): no record. */
    NOT_AN_OBJECT;

    public boolean parsed() {
        return this == PARSED || this == PARSED_AFTER_UTF8_REPAIR;
    }
}
