package dev.tj.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTextTest {
    static final ObjectMapper JACKSON = new ObjectMapper();

    @Test
    void writesWhatAJsonParserReadsBackUnchanged() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(
                "s",
                "quote \" backslash \\ newline \n tab \t nul \u0000 bell \u0007 emoji 😀 <img src=x onerror=alert(1)>");
        m.put("l", 42L);
        m.put("d", 0.125);
        m.put("b", true);
        m.put("n", null);
        m.put("list", List.of(1L, "two", List.of(3.5)));
        m.put("map", Map.of("k", Map.of("deep", "v")));
        String json = JsonText.of(m);
        assertThat(JACKSON.readValue(json, Map.class))
                .isEqualTo(JACKSON.readValue(JACKSON.writeValueAsString(m), Map.class));
    }

    @Test
    void nonFiniteNumbersAndLoneSurrogatesStayValidJson() throws Exception {
        String json = JsonText.of(Map.of("nan", Double.NaN, "lone", "a\ud800b"));
        Map<?, ?> back = JACKSON.readValue(json, Map.class);
        assertThat(back.get("nan")).isEqualTo("NaN");
        assertThat(back.get("lone")).isEqualTo("a\ufffdb");
    }
}
