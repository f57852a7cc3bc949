package dev.tessera.ordering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.graph.CsrGraph;
import dev.tessera.io.DatasetInfo;
import dev.tessera.io.edgelist.EdgeListReader;
import dev.tessera.jgrapht.CsrGraphView;
import dev.tessera.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.jgrapht.alg.connectivity.ConnectivityInspector;
import org.junit.jupiter.api.Test;

/** Orderings and the JGraphT view on Cora from the shared data, against independently known facts. */
class OrderingsSharedDataTest {
    @Test
    void coraComponentsAndOrderings() {
        Path raw = SharedData.require("data/cora/raw");
        CsrGraph g = EdgeListReader.builder().optNumNodes(2708).build().read(raw.resolve("edge.csv.gz"), DatasetInfo.NONE)
                .graph();
        // Cora has 78 connected components, the largest of 2485 nodes (as PyG reports).
        List<Set<Integer>> components = new ConnectivityInspector<>(CsrGraphView.undirected(g)).connectedSets();
        assertEquals(78, components.size());
        assertEquals(2485, components.stream().mapToInt(Set::size).max().orElseThrow());
        int[] component = new int[g.numNodes()];
        for (int c = 0; c < components.size(); c++) {
            for (int v : components.get(c)) {
                component[v] = c;
            }
        }
        Envelope natural = Envelope.of(g, new NaturalOrder().order(g));
        for (String name : Orderings.names()) {
            Ordering o = Orderings.byName(name).order(g);
            assertEquals(2708, o.size());
            for (int v = 0; v < o.size(); v++) {
                assertEquals(v, o.node(o.position(v)), name);
            }
            if (name.equals("bfs") || name.equals("rcm")) {
                // Contiguous components: the component changes exactly 77 times along the order.
                int changes = 0;
                for (int p = 1; p < o.size(); p++) {
                    changes += component[o.node(p)] != component[o.node(p - 1)] ? 1 : 0;
                }
                assertEquals(77, changes, name);
                Envelope env = Envelope.of(g, o);
                assertTrue(env.bandwidth() < natural.bandwidth() / 2 && env.profile() < natural.profile(), name + ": " + env);
            }
        }
    }
}
