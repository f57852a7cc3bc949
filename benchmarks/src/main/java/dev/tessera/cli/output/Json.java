package dev.tessera.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;

/**
 * JSON output of the command line (Jackson). With {@code --json} a command prints exactly one JSON object on
 * stdout, pretty-printed, and nothing else there; progress and logs go to stderr.
 */
public final class Json {
    /** The shared mapper: indented output, map keys in insertion order. */
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    /** @return a new empty object to fill */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /**
     * Puts a double, writing NaN and infinities as {@code null} (JSON has no such numbers).
     *
     * @param node the object
     * @param key the field
     * @param value the value
     * @return the object
     */
    public static ObjectNode putNumber(ObjectNode node, String key, double value) {
        if (Double.isFinite(value)) {
            node.put(key, value);
        } else {
            node.putNull(key);
        }
        return node;
    }

    /**
     * Prints one JSON object followed by a newline.
     *
     * @param out stdout of the command
     * @param node the object
     */
    public static void print(PrintWriter out, ObjectNode node) {
        try {
            out.println(MAPPER.writeValueAsString(node));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }
}
