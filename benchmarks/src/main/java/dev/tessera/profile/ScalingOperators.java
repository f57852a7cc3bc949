package dev.tessera.profile;

import dev.tessera.TesseraException;
import java.util.List;

/** The operators {@code tessera profile scaling} knows, by name. */
public final class ScalingOperators {
    /** Every operator, in the order {@code --help} lists them. Add new ones here. */
    public static final List<ScalingOperator> ALL = List.of(new GecoOperator(), new AttentionOperator(), new GcnOperator());

    private ScalingOperators() {
    }

    /** @return the operators' names */
    public static List<String> names() {
        return ALL.stream().map(ScalingOperator::name).toList();
    }

    /**
     * @param name an operator's name
     * @return the operator
     * @throws TesseraException when no operator has that name
     */
    public static ScalingOperator byName(String name) {
        for (ScalingOperator op : ALL) {
            if (op.name().equals(name)) {
                return op;
            }
        }
        throw new TesseraException("--ops: unknown operator '" + name + "' (expected " + String.join(", ", names()) + ")");
    }
}
