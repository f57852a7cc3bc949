package dev.tessera.transforms;

import dev.tessera.TesseraException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The registry of named transforms and the parser of transform lists such as
 * {@code "to-undirected,add-self-loops(weight=2),gcn-norm(add-self-loops=false)"}.
 *
 * <p>Syntax: a comma-separated list of {@code NAME} or {@code NAME(KEY=VALUE, ...)}; names and keys are
 * case-insensitive and {@code _} reads as {@code -}; spaces are ignored; an empty string is the identity.
 * {@link Transform#describe()} writes this syntax, so a provenance entry parses back into its transform.
 *
 * <p>To add a transform: write its class (with a {@code fromParams(TransformParams)} factory) and add one
 * {@code register} line below. {@link InducedSubgraph} is not registered: it needs a node list, not scalars.
 */
public final class Transforms {
    private static final Map<String, Function<TransformParams, Transform>> REGISTRY = new LinkedHashMap<>();

    static {
        register("to-undirected", ToUndirected::fromParams);
        register("add-self-loops", AddSelfLoops::fromParams);
        register("remove-self-loops", RemoveSelfLoops::fromParams);
        register("gcn-norm", GcnNorm::fromParams);
        register("normalize-features", NormalizeFeatures::fromParams);
        register("largest-connected-component", LargestConnectedComponent::fromParams);
    }

    private Transforms() {
    }

    private static void register(String name, Function<TransformParams, Transform> factory) {
        REGISTRY.put(name, factory);
    }

    /** @return the registered names, for help texts */
    public static List<String> names() {
        return List.copyOf(REGISTRY.keySet());
    }

    /**
     * @param spec a comma-separated list of transforms, e.g. {@code to-undirected,add-self-loops(weight=2)}
     * @return their composition, in order (empty for a blank string)
     * @throws TesseraException when a name is unknown, a parameter is unknown or malformed, or parentheses do
     *     not balance; the one-line message quotes the list
     */
    public static Compose parse(String spec) {
        List<Transform> steps = new ArrayList<>();
        String s = spec.replaceAll("\\s+", "");
        if (s.isEmpty()) {
            return new Compose(steps);
        }
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : ',';
            if (c == '(') {
                depth++;
                if (depth > 1) {
                    throw error(spec, "nested parentheses");
                }
            } else if (c == ')') {
                depth--;
                if (depth < 0) {
                    throw error(spec, "unbalanced ')'");
                }
            } else if (c == ',' && depth == 0) {
                steps.add(parseOne(spec, s.substring(start, i)));
                start = i + 1;
            }
        }
        if (depth != 0) {
            throw error(spec, "missing ')'");
        }
        return new Compose(steps);
    }

    private static Transform parseOne(String spec, String item) {
        if (item.isEmpty()) {
            throw error(spec, "empty transform name");
        }
        int open = item.indexOf('(');
        String name = normalize(open < 0 ? item : item.substring(0, open));
        Map<String, String> params = new LinkedHashMap<>();
        if (open >= 0) {
            if (!item.endsWith(")")) {
                throw error(spec, "text after ')' in '" + item + "'");
            }
            String body = item.substring(open + 1, item.length() - 1);
            if (!body.isEmpty()) {
                for (String kv : body.split(",", -1)) {
                    int eq = kv.indexOf('=');
                    if (eq <= 0 || eq == kv.length() - 1) {
                        throw error(spec, "parameter '" + kv + "' of " + name + " is not KEY=VALUE");
                    }
                    String key = normalize(kv.substring(0, eq));
                    if (params.put(key, kv.substring(eq + 1)) != null) {
                        throw error(spec, "parameter '" + key + "' of " + name + " given twice");
                    }
                }
            }
        }
        Function<TransformParams, Transform> factory = REGISTRY.get(name);
        if (factory == null) {
            throw error(spec, "unknown transform '" + name + "' (known: " + String.join(", ", REGISTRY.keySet()) + ")");
        }
        TransformParams p = new TransformParams(name, params);
        Transform t = factory.apply(p);
        p.finish();
        return t;
    }

    private static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static TesseraException error(String spec, String what) {
        return new TesseraException("transform list '" + spec + "': " + what);
    }
}
