package dev.tessera.transforms;

import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;

/**
 * Keeps the largest weakly connected component (edge direction ignored), as PyG's
 * {@code LargestConnectedComponents(num_components=1, connection="weak")}. Among components of equal size the
 * one holding the smallest node id wins. The component's nodes keep their relative order (new ids ascend with
 * the original ones) and everything is carried over as by {@link InducedSubgraph}.
 *
 * <p>Components come from a union-find over the edges (path halving, union by size): near-linear time, three
 * int arrays of N, no per-edge objects.
 */
public final class LargestConnectedComponent implements Transform {
    /** The transform. */
    public LargestConnectedComponent() {
    }

    /**
     * @param p parameters: none
     * @return the transform
     */
    public static LargestConnectedComponent fromParams(TransformParams p) {
        return new LargestConnectedComponent();
    }

    @Override
    public GraphDataset apply(GraphDataset dataset) {
        return applyWithMapping(dataset).dataset();
    }

    /**
     * @param dataset the input
     * @return the component's dataset with the mapping back to original ids
     */
    public InducedSubgraph.Result applyWithMapping(GraphDataset dataset) {
        int[] nodes = largestComponent(dataset.graph());
        return new InducedSubgraph.Result(InducedSubgraph.induce(dataset, nodes, derive(dataset)), nodes);
    }

    @Override
    public String describe() {
        return "largest-connected-component";
    }

    /**
     * @param g a graph
     * @return the nodes of its largest weakly connected component, ascending (ties: the component holding the
     *     smallest id); empty for an empty graph
     */
    public static int[] largestComponent(CsrGraph g) {
        int n = g.numNodes();
        int[] parent = new int[n];
        int[] size = new int[n];
        for (int v = 0; v < n; v++) {
            parent[v] = v;
            size[v] = 1;
        }
        for (int u = 0; u < n; u++) {
            long end = g.rowEnd(u);
            for (long e = g.rowStart(u); e < end; e++) {
                int a = find(parent, u);
                int b = find(parent, g.target(e));
                if (a != b) {
                    if (size[a] < size[b]) {
                        int t = a;
                        a = b;
                        b = t;
                    }
                    parent[b] = a;
                    size[a] += size[b];
                }
            }
        }
        // Scanning ids upwards and replacing only on a strictly larger size keeps the tie-break on the smallest id.
        int best = -1;
        int bestSize = 0;
        for (int v = 0; v < n; v++) {
            int r = find(parent, v);
            if (size[r] > bestSize) {
                best = r;
                bestSize = size[r];
            }
        }
        int[] nodes = new int[bestSize];
        int k = 0;
        for (int v = 0; v < n; v++) {
            if (find(parent, v) == best) {
                nodes[k++] = v;
            }
        }
        return nodes;
    }

    private static int find(int[] parent, int v) {
        while (parent[v] != v) {
            parent[v] = parent[parent[v]];
            v = parent[v];
        }
        return v;
    }
}
