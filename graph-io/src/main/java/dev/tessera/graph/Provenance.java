package dev.tessera.graph;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a dataset came from: the files read, the reader that read them, and the transforms applied since, in
 * order. Transforms are recorded with their parameters (e.g. {@code add-self-loops(weight=1.0)}) so that a
 * cache fingerprint and a run's configuration say exactly what was computed.
 *
 * @param sources the source files (paths as given, or registry URLs)
 * @param reader the reader's name, e.g. {@code ogb-raw}, {@code planetoid}, {@code npz}, {@code cache}
 * @param transforms transforms applied after reading, oldest first
 */
public record Provenance(List<String> sources, String reader, List<String> transforms) {
    /** Copies the lists so a provenance is immutable. */
    public Provenance {
        sources = List.copyOf(sources);
        transforms = List.copyOf(transforms);
    }

    /**
     * @param reader the reader's name
     * @param sources the source files
     * @return a provenance with no transforms
     */
    public static Provenance of(String reader, List<String> sources) {
        return new Provenance(sources, reader, List.of());
    }

    /**
     * @param transform a transform with its parameters
     * @return this provenance with the transform appended
     */
    public Provenance withTransform(String transform) {
        List<String> t = new ArrayList<>(transforms);
        t.add(transform);
        return new Provenance(sources, reader, t);
    }
}
