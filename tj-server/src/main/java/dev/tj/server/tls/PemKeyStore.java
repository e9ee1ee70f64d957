package dev.tj.server.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TLS identity read from PEM files ({@code [api] tls_cert}, {@code tls_key}) into an in-memory key
 * store, with the JDK alone: the certificate chain by {@link CertificateFactory}, the private key as
 * PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}),
 * the last two wrapped into PKCS#8 by hand (a few DER bytes) instead of pulling in BouncyCastle.
 * Encrypted keys are refused with a message saying so. Error messages name the file, never its
 * content.
 *
 * @param keyStore holds one entry, {@link #ALIAS}, protected by {@code password}
 * @param password a random one, only for this in-memory store
 */
public record PemKeyStore(KeyStore keyStore, char[] password, List<X509Certificate> chain) {
    public static final String ALIAS = "tj";
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----", Pattern.DOTALL);
    private static final byte[] RSA_OID = HexFormat.of().parseHex("2a864886f70d010101"); // 1.2.840.113549.1.1.1
    private static final byte[] EC_OID = HexFormat.of().parseHex("2a8648ce3d0201"); // 1.2.840.10045.2.1

    /** @throws IllegalArgumentException with a message for the user when a file is unusable */
    public static PemKeyStore load(Path certFile, Path keyFile) {
        List<X509Certificate> chain = certificates(certFile);
        PrivateKey key = privateKey(keyFile);
        if (!matches(key, chain.get(0))) {
            throw new IllegalArgumentException(
                    "[api] tls_key " + keyFile + " is not the key of the first certificate in " + certFile);
        }
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            byte[] raw = new byte[18];
            new SecureRandom().nextBytes(raw);
            char[] password = Base64.getEncoder().encodeToString(raw).toCharArray();
            ks.setKeyEntry(ALIAS, key, password, chain.toArray(new Certificate[0]));
            return new PemKeyStore(ks, password, List.copyOf(chain));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("the key in " + keyFile + " does not match the certificate in "
                    + certFile + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Whether the key signs what the certificate's public key verifies (a mismatch fails every handshake). */
    private static boolean matches(PrivateKey key, X509Certificate leaf) {
        String alg = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "RSASSA-PSS" -> null;
            default -> key.getAlgorithm(); // Ed25519, Ed448
        };
        if (alg == null) return true; // PSS needs parameters; left to the handshake
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature signer = Signature.getInstance(alg);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(alg);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * The leaf certificate's public key as curl pins it ({@code --pinnedpubkey sha256//<base64 of the
     * SHA-256 of its SubjectPublicKeyInfo>}): a client of this machine trusts exactly that key, whatever
     * name the certificate carries.
     */
    public static String publicKeyPin(Path certFile) {
        try {
            byte[] spki = certificates(certFile).get(0).getPublicKey().getEncoded();
            byte[] sha = java.security.MessageDigest.getInstance("SHA-256").digest(spki);
            return "sha256//" + java.util.Base64.getEncoder().encodeToString(sha);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every certificate of a PEM file, leaf first. */
    public static List<X509Certificate> certificates(Path certFile) {
        String text = read(certFile, "[api] tls_cert");
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            Matcher m = BLOCK.matcher(text);
            while (m.find()) {
                if (!m.group(1).equals("CERTIFICATE")) continue;
                out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der(m.group(2)))));
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "[api] tls_cert " + certFile + " holds a certificate that cannot be read");
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("[api] tls_cert " + certFile + " holds no PEM CERTIFICATE block");
        }
        return out;
    }

    static PrivateKey privateKey(Path keyFile) {
        String text = read(keyFile, "[api] tls_key");
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            if (type.contains("ENCRYPTED") || m.group(2).contains("Proc-Type: 4,ENCRYPTED")) {
                throw new IllegalArgumentException(
                        "[api] tls_key " + keyFile + " is encrypted; give tj an unencrypted key file (mode 0600)");
            }
            byte[] der;
            try {
                der = der(m.group(2));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("[api] tls_key " + keyFile + " is not valid PEM");
            }
            byte[] pkcs8 = switch (type) {
                case "PRIVATE KEY" -> der;
                case "RSA PRIVATE KEY" -> pkcs8(algorithm(RSA_OID, new byte[] {0x05, 0x00}), der);
                case "EC PRIVATE KEY" -> pkcs8(algorithm(EC_OID, curveOf(der, keyFile)), der);
                default -> null;
            };
            if (pkcs8 == null) continue; // e.g. "EC PARAMETERS" before the key
            for (String alg : new String[] {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS"}) {
                try {
                    return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
                } catch (GeneralSecurityException e) {
                    // try the next kind
                }
            }
            throw new IllegalArgumentException("[api] tls_key " + keyFile + " holds a key of a kind tj cannot read");
        }
        throw new IllegalArgumentException("[api] tls_key " + keyFile
                + " holds no PEM private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
    }

    private static String read(Path file, String key) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(
                    key + " " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static byte[] der(String base64Body) {
        StringBuilder b = new StringBuilder();
        for (String line : base64Body.split("\\R")) {
            if (line.contains(":")) continue; // RFC 1421 headers
            b.append(line.strip());
        }
        return Base64.getMimeDecoder().decode(b.toString());
    }

    // ---- the few DER bytes needed to wrap PKCS#1 / SEC1 keys into PKCS#8 ----

    /** The named curve OID (its full TLV) of a SEC1 ECPrivateKey: the [0] field. */
    private static byte[] curveOf(byte[] sec1, Path keyFile) {
        try {
            int[] seq = header(sec1, 0); // SEQUENCE
            int p = seq[0];
            int end = seq[0] + seq[1];
            while (p < end) {
                int tag = sec1[p] & 0xff;
                int[] h = header(sec1, p);
                if (tag == 0xa0) { // [0] parameters: the OID TLV inside
                    byte[] oid = new byte[h[1]];
                    System.arraycopy(sec1, h[0], oid, 0, h[1]);
                    return oid;
                }
                p = h[0] + h[1];
            }
        } catch (RuntimeException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("[api] tls_key " + keyFile
                + " is an EC key without its curve; convert it with `openssl pkcs8 -topk8 -nocrypt`");
    }

    /** [content start, content length] of the TLV at {@code at}. */
    private static int[] header(byte[] d, int at) {
        int len = d[at + 1] & 0xff;
        int start = at + 2;
        if (len >= 0x80) {
            int n = len & 0x7f;
            len = 0;
            for (int i = 0; i < n; i++) len = (len << 8) | (d[start + i] & 0xff);
            start += n;
        }
        if (start + len > d.length) throw new IllegalArgumentException("truncated DER");
        return new int[] {start, len};
    }

    private static byte[] algorithm(byte[] oid, byte[] parameters) {
        return tlv(0x30, concat(tlv(0x06, oid), parameters));
    }

    private static byte[] pkcs8(byte[] algorithmIdentifier, byte[] key) {
        return tlv(0x30, concat(new byte[] {0x02, 0x01, 0x00}, algorithmIdentifier, tlv(0x04, key)));
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) out.write(n >>> (8 * i));
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
