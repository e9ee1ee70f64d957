package dev.tj.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tj.testkit.TestCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemKeyStoreTest {
    @TempDir
    Path dir;

    @Test
    void readsAPkcs8EcKeyAndItsCertificate() throws Exception {
        TestCertificate c = TestCertificate.make(dir, "EC");
        PemKeyStore ks = PemKeyStore.load(c.cert(), c.key());
        Key key = ks.keyStore().getKey(PemKeyStore.ALIAS, ks.password());
        assertThat(key.getEncoded()).isEqualTo(c.privateKey().getEncoded());
        assertThat(ks.chain()).containsExactly(c.certificate());
    }

    @Test
    void readsAPkcs1RsaKey() throws Exception {
        TestCertificate c = TestCertificate.make(dir, "RSA");
        byte[] pkcs1 = innerKey(c.privateKey().getEncoded());
        Path rsa = dir.resolve("rsa-pkcs1.key");
        Files.writeString(rsa, TestCertificate.pem("RSA PRIVATE KEY", pkcs1));
        PemKeyStore ks = PemKeyStore.load(c.cert(), rsa);
        assertThat(ks.keyStore().getKey(PemKeyStore.ALIAS, ks.password()).getEncoded())
                .isEqualTo(c.privateKey().getEncoded());
    }

    @Test
    void unusableFilesAreNamedNeverShown() throws Exception {
        TestCertificate c = TestCertificate.make(dir, "EC");
        Path junk = dir.resolve("junk.pem");
        Files.writeString(junk, "not a pem secret-bits-here");
        assertThatThrownBy(() -> PemKeyStore.load(junk, c.key()))
                .hasMessageContaining("tls_cert")
                .hasMessageContaining(junk.toString())
                .hasMessageNotContaining("secret-bits-here");
        assertThatThrownBy(() -> PemKeyStore.load(c.cert(), junk))
                .hasMessageContaining("tls_key")
                .hasMessageNotContaining("secret-bits-here");
        Path encrypted = dir.resolve("enc.key");
        Files.writeString(encrypted, TestCertificate.pem("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3}));
        assertThatThrownBy(() -> PemKeyStore.load(c.cert(), encrypted)).hasMessageContaining("encrypted");
        assertThatThrownBy(() -> PemKeyStore.load(c.cert(), dir.resolve("missing.key")))
                .hasMessageContaining("cannot be read");
        TestCertificate other = TestCertificate.make(dir.resolve("other"), "RSA");
        assertThatThrownBy(() -> PemKeyStore.load(c.cert(), other.key())).isInstanceOf(IllegalArgumentException.class);
    }

    /** The OCTET STRING of a PKCS#8 PrivateKeyInfo: the PKCS#1 key of an RSA one. */
    static byte[] innerKey(byte[] pkcs8) {
        int[] seq = header(pkcs8, 0);
        int p = seq[0];
        p = next(pkcs8, p); // version
        p = next(pkcs8, p); // algorithm
        int[] octets = header(pkcs8, p);
        return Arrays.copyOfRange(pkcs8, octets[0], octets[0] + octets[1]);
    }

    private static int next(byte[] d, int at) {
        int[] h = header(d, at);
        return h[0] + h[1];
    }

    private static int[] header(byte[] d, int at) {
        int len = d[at + 1] & 0xff;
        int start = at + 2;
        if (len >= 0x80) {
            int n = len & 0x7f;
            len = 0;
            for (int i = 0; i < n; i++) len = (len << 8) | (d[start + i] & 0xff);
            start += n;
        }
        return new int[] {start, len};
    }
}
