package dev.tessera.transforms;

import static dev.tessera.transforms.EdgeText.dataset;
import static dev.tessera.transforms.EdgeText.edges;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tessera.TesseraException;
import dev.tessera.graph.CsrBuilder;
import dev.tessera.graph.CsrGraph;
import dev.tessera.graph.GraphDataset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransformsTest {
    private static CsrGraph directedPath() {
        return new CsrBuilder(3).addEdge(0, 1).addEdge(1, 2).build();
    }

    @Test
    void parseComposesInOrderAndRecordsEachStep() {
        Compose c = Transforms.parse("to-undirected,add-self-loops,gcn-norm");
        assertEquals(3, c.steps().size());
        assertInstanceOf(ToUndirected.class, c.steps().get(0));
        assertInstanceOf(AddSelfLoops.class, c.steps().get(1));
        assertInstanceOf(GcnNorm.class, c.steps().get(2));
        GraphDataset out = c.apply(dataset(directedPath()));
        assertEquals(List.of("to-undirected(reduce=mean)", "add-self-loops(weight=1.0)",
                "gcn-norm(add-self-loops=true, fill=1.0)"), out.provenance().transforms());
        // Same as the functional twins chained by hand.
        CsrGraph expected = GcnNorm.gcnNorm(AddSelfLoops.addRemainingSelfLoops(ToUndirected.toUndirected(directedPath()), 1));
        assertEquals(expected, out.graph());
    }

    @Test
    void parametersCaseAndSpaces() {
        Compose c = Transforms.parse(" Add_Self_Loops( Weight = 2 ) , to-undirected(reduce=MAX)");
        assertEquals("add-self-loops(weight=2.0),to-undirected(reduce=max)", c.describe());
        assertEquals("0>0:2.0 0>1:1.0 1>1:2.0 1>2:1.0 2>2:2.0", edges(c.steps().get(0).apply(dataset(directedPath())).graph()));
    }

    @Test
    void describeParsesBack() {
        for (String name : Transforms.names()) {
            Transform t = Transforms.parse(name).steps().getFirst();
            Transform again = Transforms.parse(t.describe()).steps().getFirst();
            assertEquals(t.describe(), again.describe());
        }
        Compose c = Transforms.parse("gcn-norm(add-self-loops=false,fill=2),normalize-features,remove-self-loops");
        assertEquals(c.describe(), Transforms.parse(c.describe()).describe());
    }

    @Test
    void everyTransformRegistered() {
        assertEquals(List.of("to-undirected", "add-self-loops", "remove-self-loops", "gcn-norm", "normalize-features",
                "largest-connected-component"), Transforms.names());
    }

    @Test
    void blankIsIdentity() {
        GraphDataset ds = dataset(directedPath());
        assertSame(ds, Transforms.parse("  ").apply(ds));
        assertEquals("", Transforms.parse("").describe());
    }

    @Test
    void andThenFlattens() {
        Transform t = new RemoveSelfLoops().andThen(new ToUndirected()).andThen(new NormalizeFeatures());
        assertEquals("remove-self-loops,to-undirected(reduce=mean),normalize-features", t.describe());
        assertEquals(3, ((Compose) t).steps().size());
    }

    private static String error(String spec) {
        TesseraException e = assertThrows(TesseraException.class, () -> Transforms.parse(spec));
        assertFalse(e.getMessage().contains("\n"));
        return e.getMessage();
    }

    @Test
    void errors() {
        assertTrue(error("to-undirected,frobnicate").contains("unknown transform 'frobnicate' (known: to-undirected, "));
        assertTrue(error("add-self-loops(fill=2)").contains("add-self-loops: unknown parameter 'fill' (known: weight)"));
        assertTrue(error("remove-self-loops(x=1)").contains("unknown parameter 'x' (known: none)"));
        assertTrue(error("add-self-loops(weight=heavy)").contains("weight=heavy is not a finite number"));
        assertTrue(error("add-self-loops(weight=NaN)").contains("is not a finite number"));
        assertTrue(error("gcn-norm(add-self-loops=maybe)").contains("is not true or false"));
        assertTrue(error("to-undirected(reduce=avg)").contains("reduce=avg is not one of mean, sum, max, min"));
        assertTrue(error("add-self-loops(weight=2").contains("missing ')'"));
        assertTrue(error("add-self-loops)").contains("unbalanced ')'"));
        assertTrue(error("to-undirected,,gcn-norm").contains("empty transform name"));
        assertTrue(error("add-self-loops(weight)").contains("is not KEY=VALUE"));
        assertTrue(error("add-self-loops(weight=1,weight=2)").contains("given twice"));
        assertTrue(error("add-self-loops(weight=1)x").contains("text after ')'"));
        assertTrue(error("gcn-norm(fill=(1))").contains("nested parentheses"));
    }
}
