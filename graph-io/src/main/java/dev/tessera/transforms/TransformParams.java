package dev.tessera.transforms;

import dev.tessera.TesseraException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code key=value} parameters of one transform in a {@link Transforms#parse(String)} string, e.g.
 * {@code weight=2} in {@code add-self-loops(weight=2)}. Factories read them with typed getters and defaults;
 * afterwards {@link #finish()} rejects keys no getter asked for, naming the known ones.
 */
public final class TransformParams {
    private final String transform;
    private final Map<String, String> values;
    private final Set<String> known = new LinkedHashSet<>();

    /**
     * @param transform the transform's name, for messages
     * @param values the parameters as written (keys lower-case)
     */
    public TransformParams(String transform, Map<String, String> values) {
        this.transform = transform;
        this.values = new LinkedHashMap<>(values);
    }

    /**
     * @param key a parameter name
     * @param fallback the value when absent
     * @return the parameter as a finite float
     * @throws TesseraException when it is not a finite number
     */
    public float floatValue(String key, float fallback) {
        known.add(key);
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            float f = Float.parseFloat(v);
            if (Float.isFinite(f)) {
                return f;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(key + "=" + v + " is not a finite number");
    }

    /**
     * @param key a parameter name
     * @param fallback the value when absent
     * @return the parameter as a boolean ({@code true}/{@code false}, also {@code yes}/{@code no}, {@code 1}/{@code 0})
     * @throws TesseraException when it is not a boolean
     */
    public boolean booleanValue(String key, boolean fallback) {
        known.add(key);
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw error(key + "=" + v + " is not true or false");
        };
    }

    /**
     * @param key a parameter name
     * @param fallback the value when absent
     * @param allowed the allowed values, lower-case
     * @return the parameter, lower-case, one of {@code allowed}
     * @throws TesseraException when it is not one of them
     */
    public String choice(String key, String fallback, List<String> allowed) {
        known.add(key);
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        String l = v.toLowerCase(Locale.ROOT);
        if (!allowed.contains(l)) {
            throw error(key + "=" + v + " is not one of " + String.join(", ", allowed));
        }
        return l;
    }

    /**
     * Rejects parameters that no getter asked for.
     *
     * @throws TesseraException naming the first unknown key and the known ones
     */
    public void finish() {
        for (String k : values.keySet()) {
            if (!known.contains(k)) {
                throw error("unknown parameter '" + k + "' (known: " + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
            }
        }
    }

    private TesseraException error(String what) {
        return new TesseraException("transform " + transform + ": " + what);
    }
}
