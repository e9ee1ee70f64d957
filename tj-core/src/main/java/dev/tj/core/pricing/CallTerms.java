package dev.tj.core.pricing;

import java.util.Map;

/**
 * How a call was served, where that changes its price: fast mode (Claude Code's {@code speed}
 * attribute / the transcript's {@code usage.speed} = "fast") and US-only inference (the API's
 * {@code inference_geo} = "us").
 */
public record CallTerms(boolean fast, boolean usOnly) {
    public static final CallTerms STANDARD = new CallTerms(false, false);

    public static final String SPEED = "speed";
    public static final String INFERENCE_GEO = "inference_geo";

    /** The terms a span's attributes state; standard when they say nothing. */
    public static CallTerms of(Map<String, Object> attributes) {
        if (attributes == null || attributes.isEmpty()) return STANDARD;
        boolean fast = "fast".equalsIgnoreCase(String.valueOf(attributes.get(SPEED)));
        boolean us = "us".equalsIgnoreCase(String.valueOf(attributes.get(INFERENCE_GEO)));
        return fast || us ? new CallTerms(fast, us) : STANDARD;
    }
}
