package dev.tessera.transforms;

import dev.tessera.graph.GraphDataset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Transforms applied in order (PyG's {@code Compose}). Each step records itself in the provenance; the
 * composition adds nothing of its own. An empty composition is the identity.
 *
 * @param steps the transforms, first applied first
 */
public record Compose(List<Transform> steps) implements Transform {
    /** Copies the list; nested compositions are flattened. */
    public Compose {
        List<Transform> flat = new ArrayList<>();
        for (Transform t : steps) {
            if (t instanceof Compose c) {
                flat.addAll(c.steps());
            } else {
                flat.add(java.util.Objects.requireNonNull(t, "transform"));
            }
        }
        steps = List.copyOf(flat);
    }

    /**
     * @param steps the transforms, first applied first
     * @return their composition
     */
    public static Compose of(Transform... steps) {
        return new Compose(List.of(steps));
    }

    @Override
    public GraphDataset apply(GraphDataset dataset) {
        GraphDataset d = dataset;
        for (Transform t : steps) {
            d = t.apply(d);
        }
        return d;
    }

    /** @return the steps' descriptions joined by commas (empty for the identity) */
    @Override
    public String describe() {
        return steps.stream().map(Transform::describe).collect(Collectors.joining(","));
    }
}
