package dev.tj.mcp;

/** Opens a URL in the user's browser: false when it did not (disabled, or no opener on this machine). */
public interface Browser {
    boolean open(String url);
}
