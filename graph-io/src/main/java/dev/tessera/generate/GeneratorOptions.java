package dev.tessera.generate;

import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.NodeFeatures;
import dev.tessera.graph.Provenance;
import dev.tessera.graph.Split;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The checked options every generator shares, as {@link GeneratorBuilder} collected them; immutable, so a
 * generator is unaffected by later changes to its builder.
 *
 * @param numNodes N
 * @param numClasses C
 * @param averageDegree D
 * @param numFeatures F
 * @param featureSignal the class-mean scale s
 * @param seed the random seed
 * @param name the dataset's name
 */
record GeneratorOptions(int numNodes, int numClasses, double averageDegree, int numFeatures, double featureSignal,
        long seed, String name) {
    /** @return the number of undirected edges to draw, M = round(N·D/2) */
    long undirectedEdges() {
        return Math.round(numNodes * averageDegree / 2);
    }

    /**
     * Completes a generated graph into a dataset: class-correlated Gaussian features ({@link ClassFeatures}), then
     * the uniform 60/20/20 split {@code random}, both drawn from {@code rnd} in that order.
     *
     * @param graph the generated graph
     * @param labels [N] class ids
     * @param classNames [C] names, or {@code null} for {@code 0..C-1}
     * @param rnd the generator's random source, after drawing the graph and labels
     * @param source the generator's one-line description, for the provenance
     * @return the dataset
     */
    GraphDataset dataset(CsrGraph graph, int[] labels, List<String> classNames, SplittableRandom rnd, String source) {
        NodeFeatures x = ClassFeatures.gaussian(labels, numClasses, numFeatures, featureSignal, rnd);
        Split split = ClassFeatures.randomSplit("random", numNodes, rnd);
        return GraphDataset.builder().setName(name).setGraph(graph).optFeatures(x).optLabels(labels, classNames)
                .optSplit(split).optDefaultSplit("random")
                .optProvenance(Provenance.of("generator", List.of(source))).build();
    }
}
