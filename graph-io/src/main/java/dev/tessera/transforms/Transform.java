package dev.tessera.transforms;

import dev.tessera.graph.GraphDataset;

/**
 * A function from dataset to dataset, in the spirit of PyTorch Geometric's transforms ({@code ToUndirected},
 * {@code AddSelfLoops}, {@code GCNNorm}, ...). Implementations are immutable; {@link #apply(GraphDataset)}
 * returns a new dataset whose {@link dev.tessera.graph.Provenance} ends with {@link #describe()}. Each
 * transform also offers a static functional twin working on the plain parts ({@code CsrGraph},
 * {@code NodeFeatures}).
 *
 * <p>Transforms are named in {@link Transforms}; {@code Transforms.parse("to-undirected,gcn-norm")} builds a
 * composed transform from a command-line string.
 */
public interface Transform {
    /**
     * @param dataset the input; not modified
     * @return the transformed dataset, with this transform recorded in its provenance
     */
    GraphDataset apply(GraphDataset dataset);

    /**
     * @return the transform's registry name with its parameters, e.g. {@code add-self-loops(weight=1.0)}; a string
     *     {@link Transforms#parse(String)} turns back into an equal transform (where the transform is parseable)
     */
    String describe();

    /**
     * @param next the transform to apply after this one
     * @return this, then {@code next}
     */
    default Transform andThen(Transform next) {
        return Compose.of(this, next);
    }

    /**
     * For implementations: a builder seeded with {@code dataset}'s parts whose provenance already records this
     * transform.
     *
     * @param dataset the input dataset
     * @return the builder, to replace the parts the transform changes
     */
    default GraphDataset.Builder derive(GraphDataset dataset) {
        return dataset.toBuilder().optProvenance(dataset.provenance().withTransform(describe()));
    }
}
