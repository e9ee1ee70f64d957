package dev.tj.core.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelNamesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "claude-sonnet-4-5-20250929, claude-sonnet-4-5",
        "Claude-Sonnet-4-5, claude-sonnet-4-5",
        "anthropic/claude-sonnet-4-5, claude-sonnet-4-5",
        "openai/gpt-4o-mini, gpt-4o-mini",
        "anthropic.claude-3-5-haiku-20241022-v1:0, claude-haiku-3-5",
        "us.anthropic.claude-sonnet-4-20250514-v1:0, claude-sonnet-4",
        "global.anthropic.claude-opus-4-5-20251101-v1:0, claude-opus-4-5",
        "claude-3-5-haiku@20241022, claude-haiku-3-5",
        "claude-3-5-haiku-20241022, claude-haiku-3-5",
        "gemini-2.5-pro, gemini-2-5-pro",
        "models/gemini-2.5-flash, gemini-2-5-flash",
        "gemini-2.5-pro-preview-05-06, gemini-2-5-pro",
        "claude-opus-4.5, claude-opus-4-5",
        "claude-sonnet-4-0, claude-sonnet-4",
        "claude-opus-4-0, claude-opus-4",
        "claude-4-sonnet, claude-sonnet-4",
        "claude-sonnet-3-7, claude-3-7-sonnet",
        "claude-3-7-sonnet-latest, claude-3-7-sonnet",
        "claude-3-5-sonnet-20241022-v2:0, claude-3-5-sonnet",
        "claude-3-opus-20240229, claude-3-opus",
        "claude-3-haiku-20240307, claude-3-haiku",
        "gpt-4o-2024-08-06, gpt-4o",
        "o3-2025-04-16, o3",
    })
    void candidatesReachTheTableKey(String raw, String key) {
        assertThat(ModelNames.candidates(raw)).contains(key);
    }

    @Test
    void rawAndLowerCasedComeFirst() {
        assertThat(ModelNames.candidates("Claude-Haiku-4-5-20251001"))
                .startsWith("claude-haiku-4-5-20251001", "claude-haiku-4-5");
    }

    @Test
    void bedrockFlattenedIdsStayReachableForTheAwsTable() {
        assertThat(ModelNames.candidates("us.amazon.nova-pro-v1:0")).contains("us-amazon-nova-pro-v1");
        assertThat(ModelNames.candidates("us.anthropic.claude-opus-4-1-20250805-v1:0"))
                .contains("us-anthropic-claude-opus-4-1-20250805-v1", "claude-opus-4-1");
    }

    @Test
    void providerNamesMapToTables() {
        assertThat(ModelNames.tableProvider("bedrock")).isEqualTo("aws");
        assertThat(ModelNames.tableProvider("aws.bedrock")).isEqualTo("aws");
        assertThat(ModelNames.tableProvider("vertex_ai")).isEqualTo("google");
        assertThat(ModelNames.tableProvider("azure")).isEqualTo("openai");
        assertThat(ModelNames.tableProvider("Anthropic")).isEqualTo("anthropic");
        assertThat(ModelNames.tableProvider("unknown")).isNull();
        assertThat(ModelNames.tableProvider(null)).isNull();
        assertThat(ModelNames.tableProvider("  ")).isNull();
    }

    @Test
    void nothingForNothing() {
        assertThat(ModelNames.candidates(null)).isEmpty();
        assertThat(ModelNames.candidates(" ")).isEmpty();
    }
}
