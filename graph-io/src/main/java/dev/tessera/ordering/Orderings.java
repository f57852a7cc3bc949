package dev.tessera.ordering;

import dev.tessera.TesseraException;
import java.util.List;
import java.util.Locale;

/**
 * The node orderings by name, for the command line and for models that take an ordering as an option:
 * {@code natural}, {@code random}, {@code degree}, {@code bfs}, {@code rcm}, {@code community}.
 *
 * <pre>{@code
 * Ordering o = Orderings.byName("rcm").order(dataset.graph());
 * GraphDataset banded = o.apply(dataset);
 * }</pre>
 */
public final class Orderings {
    /** The seed {@link #byName(String)} gives the seeded orderings. */
    public static final long DEFAULT_SEED = 0;

    private static final List<String> NAMES = List.of("natural", "random", "degree", "bfs", "rcm", "community");

    private Orderings() {
    }

    /** @return the known names, in the order above */
    public static List<String> names() {
        return NAMES;
    }

    /**
     * @param name an ordering's name (case-insensitive)
     * @return its orderer; seeded ones use {@link #DEFAULT_SEED}
     * @throws TesseraException for an unknown name
     */
    public static NodeOrderer byName(String name) {
        return byName(name, DEFAULT_SEED);
    }

    /**
     * @param name an ordering's name (case-insensitive)
     * @param seed the seed of {@code random} and {@code community} (ignored by the others)
     * @return its orderer
     * @throws TesseraException for an unknown name
     */
    public static NodeOrderer byName(String name, long seed) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "natural" -> new NaturalOrder();
            case "random" -> new RandomOrder(seed);
            case "degree" -> new DegreeOrder();
            case "bfs" -> new BfsOrder();
            case "rcm" -> new ReverseCuthillMcKee();
            case "community" -> new CommunityOrder(seed);
            default -> throw new TesseraException("unknown ordering '" + name + "' (known: " + String.join(", ", NAMES) + ")");
        };
    }
}
