package dev.tj.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [storage] url}, {@code TJ_STORAGE_URL}: parsed without a driver, shown without the password. */
class StorageUrlTest {
    @TempDir
    Path cwd;

    @TempDir
    Path home;

    @Test
    void parsesAPostgresUrlAndMasksItsPassword() {
        StorageUrl u = StorageUrl.parse("postgresql://tj:p%40ss:w0rd@db.example:6543/telemetry?sslmode=require");
        assertThat(u.user()).isEqualTo("tj");
        assertThat(u.password()).isEqualTo("p@ss:w0rd");
        assertThat(u.host()).isEqualTo("db.example");
        assertThat(u.port()).isEqualTo(6543);
        assertThat(u.database()).isEqualTo("telemetry");
        assertThat(u.params()).containsExactly(Map.entry("sslmode", "require"));
        assertThat(u.masked()).isEqualTo("postgresql://tj:***@db.example:6543/telemetry?sslmode=require");
        assertThat(u.toString()).doesNotContain("w0rd");
    }

    @Test
    void takesJdbcUrlsAndCredentialsAsParameters() {
        StorageUrl u = StorageUrl.parse("jdbc:postgresql://127.0.0.1:5432/postgres?user=tj&password=hunter2");
        assertThat(u.user()).isEqualTo("tj");
        assertThat(u.password()).isEqualTo("hunter2");
        assertThat(u.params()).isEmpty();
        assertThat(u.masked()).isEqualTo("postgresql://tj:***@127.0.0.1:5432/postgres");
    }

    @Test
    void refusesOtherUrlsWithoutEchoingAPassword() {
        assertThatThrownBy(() -> StorageUrl.parse("mysql://root:topsecret@h/db"))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("topsecret"));
        assertThat(StorageUrl.isPostgres("postgres://h/db")).isTrue();
        assertThat(StorageUrl.isPostgres("/var/tj/tj.duckdb")).isFalse();
    }

    @Test
    void duckDbStaysTheDefault() {
        TjConfig c = ConfigLoader.load(null, Map.of(), cwd, home);
        assertThat(c.storage().isPostgres()).isFalse();
        assertThat(c.storage().url()).isNull();
    }

    @Test
    void theConfigFileChoosesPostgres() throws IOException {
        Path file = cwd.resolve("tokenjam.toml");
        Files.writeString(file, "[storage]\nurl = \"postgresql://tj:pw1@db:5432/tj\"\n");
        TjConfig c = ConfigLoader.load(file, Map.of(), cwd, home);
        assertThat(c.storage().isPostgres()).isTrue();
        assertThat(c.storage().url()).isEqualTo("postgresql://tj:pw1@db:5432/tj");
        assertThat(c.storage().location()).isEqualTo("postgresql://tj:***@db:5432/tj");
        assertThat(c.storage().toString()).doesNotContain("pw1");
    }

    @Test
    void theEnvironmentOverridesTheFile() throws IOException {
        Path file = cwd.resolve("tokenjam.toml");
        Files.writeString(file, "[storage]\nmemory_limit = \"256MB\"\n");
        TjConfig c = ConfigLoader.load(file, Map.of("TJ_STORAGE_URL", "postgresql://u:pw2@h/db"), cwd, home);
        assertThat(c.storage().isPostgres()).isTrue();
        assertThat(c.storage().location()).isEqualTo("postgresql://u:***@h/db");
        assertThat(ConfigLoader.load(null, Map.of("TJ_STORAGE_URL", "postgresql://h/db"), cwd, home)
                        .storage()
                        .isPostgres())
                .isTrue();
    }

    @Test
    void aBadUrlIsAConfigErrorWithoutThePassword() throws IOException {
        Path file = cwd.resolve("tokenjam.toml");
        Files.writeString(file, "[storage]\nurl = \"mysql://root:pw3@h/db\"\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), cwd, home))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw3"));
        Files.writeString(file, "[storage]\nbackend = \"postgresql\"\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), cwd, home))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("needs [storage] url");
    }
}
