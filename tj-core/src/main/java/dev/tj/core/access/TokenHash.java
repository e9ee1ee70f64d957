package dev.tj.core.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How a token is kept: the hex SHA-256 of its text. A plain fast hash is enough here, unlike for
 * passwords: our tokens are 32 random bytes, so there is no dictionary to try and 2^256 guesses to
 * make; a slow salted hash (bcrypt, PBKDF2) would only slow every ingest request. It also lets a
 * token be found by its hash in one indexed lookup.
 */
public final class TokenHash {
    private TokenHash() {}

    public static String of(String token) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
