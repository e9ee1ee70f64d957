package dev.tj.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TjConfigTest {
    @Test
    void everyWithKeepsTheOtherSectionsUpstreamIncluded() {
        TjConfig.Upstream up = new TjConfig.Upstream("https://team.example:7391", "tj_token");
        TjConfig c = TjConfig.defaults(Path.of("/tmp/tj")).withUpstream(up);
        for (TjConfig changed : List.of(
                c.withStorage(c.storage()),
                c.withApi(c.api()),
                c.withSecurity(c.security()),
                c.withSessions(c.sessions()),
                c.withCatchup(c.catchup()))) {
            assertThat(changed).isEqualTo(c);
        }
        assertThat(up.toString()).doesNotContain("tj_token");
    }
}
