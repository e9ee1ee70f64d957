package dev.tj.core.transcript;

/**
 * Receives the records of a Claude Code transcript, line by line, from {@link LineFramer}. The
 * {@link ClaudeRecord} handed over is reused for the next line: copy what you keep.
 *
 * <p>The reader skips what no visitor asked for (text is most of a transcript's bytes): the cost
 * visitor wants only the result text of Task/Agent calls (a subagent id may be in it); a Timeline
 * visitor would ask for all text.
 */
public interface RecordVisitor {
    /** Read the {@code text} of content blocks (and string contents) into {@link ClaudeRecord#texts()}. */
    default boolean wantsText() {
        return false;
    }

    /** Read the text of the tool_result for this tool_use id. */
    default boolean wantsResultText(String toolUseId) {
        return wantsText();
    }

    /** Read the scalar fields of tool_use inputs into {@link ClaudeRecord#toolInputs()} (for labels). */
    default boolean wantsToolInputs() {
        return false;
    }

    /**
     * Only records that can carry usage: a line in which the bytes {@code "usage"} do not occur is
     * counted but not parsed ({@link ReadDepth#CALLS}).
     */
    default boolean callsOnly() {
        return false;
    }

    /**
     * One parsed record.
     *
     * @param lineOffset byte offset of its line in the file
     * @param lineNo     1-based line number, counted from where this read started
     */
    void record(ClaudeRecord r, long lineOffset, int lineNo);
}
