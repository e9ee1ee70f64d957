package dev.tj.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Reads as much of a JSON document as is well formed: a payload cut short (a pipe closed early)
 * still yields the fields before the cut. A number that runs into the end of the text is dropped,
 * since its last digits may be missing ({@code 45} cut to {@code 4}).
 */
public final class PartialJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PartialJson() {}

    /** The well-formed prefix as a tree; null when not even the first value starts. */
    public static JsonNode read(String text) {
        Deque<JsonNode> open = new ArrayDeque<>();
        JsonNode root = null;
        String field = null;
        try (JsonParser p = ApiJson.mapper().getFactory().createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME) {
                    field = p.currentName();
                    continue;
                }
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    open.pop();
                    if (open.isEmpty()) break;
                    continue;
                }
                if (t.isNumeric() && p.currentLocation().getCharOffset() >= text.length()) break;
                JsonNode v = switch (t) {
                    case START_OBJECT -> NODES.objectNode();
                    case START_ARRAY -> NODES.arrayNode();
                    case VALUE_STRING -> NODES.textNode(p.getText());
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDoubleValue());
                    case VALUE_TRUE -> NODES.booleanNode(true);
                    case VALUE_FALSE -> NODES.booleanNode(false);
                    default -> NODES.nullNode();
                };
                JsonNode parent = open.peek();
                if (parent == null) root = v;
                else if (parent instanceof ObjectNode o) o.set(field, v);
                else ((ArrayNode) parent).add(v);
                if (v.isContainerNode()) open.push(v);
                else if (parent == null) break;
            }
        } catch (IOException | RuntimeException e) {
            // cut short or garbage from here on: keep what came before
        }
        return root;
    }
}
