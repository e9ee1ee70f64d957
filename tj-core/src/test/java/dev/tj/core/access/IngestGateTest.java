package dev.tj.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tj.core.storage.InMemoryStorage;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class IngestGateTest {
    private final MachineTokens tokens = new MachineTokens(new InMemoryStorage().tokens(), Clock.systemUTC());

    @Test
    void theSecretOrAValidTokenGetsInAndTheTokenNamesItsMachine() {
        IngestGate gate = new IngestGate("s3cret", tokens);
        String token = tokens.create("laptop").text();
        assertThat(gate.guarded()).isTrue();
        assertThat(gate.admit("s3cret")).isEqualTo(new IngestGate.Admission(true, null));
        assertThat(gate.admit(token)).isEqualTo(new IngestGate.Admission(true, "laptop"));
        assertThat(gate.admit(null).allowed()).isFalse();
        assertThat(gate.admit("wrong").allowed()).isFalse();
        assertThat(gate.admit("tj_wrong").allowed()).isFalse();
        tokens.revoke("laptop");
        assertThat(gate.admit(token).allowed()).isFalse();
        assertThat(gate.isSecret("s3cret")).isTrue();
        assertThat(gate.isSecret(token)).isFalse();
    }

    @Test
    void withoutASecretIngestIsOpenButARevokedTokenIsStillRefused() {
        IngestGate gate = new IngestGate("", tokens);
        String token = tokens.create("laptop").text();
        assertThat(gate.guarded()).isFalse();
        assertThat(gate.admit(null).allowed()).isTrue();
        assertThat(gate.admit("anything").allowed()).isTrue();
        assertThat(gate.admit(token).machine()).isEqualTo("laptop");
        tokens.revoke("laptop");
        assertThat(gate.admit(token).allowed()).isFalse();
        assertThat(gate.isSecret("")).isFalse();
    }
}
