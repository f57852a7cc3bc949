package dev.tessera.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextTableTest {
    @Test
    void alignsTextLeftAndNumbersRight() {
        List<String> lines = new TextTable("name", "nodes", "size").row("cora", 2708, "1.1 MiB").row("karate", 34, "850 B")
                .lines();
        assertEquals(List.of(
                "name    nodes     size",
                "------  -----  -------",
                "cora     2708  1.1 MiB",
                "karate     34    850 B"), lines);
    }

    @Test
    void withoutHeaderPrintsOnlyRowsAndPadsShortRows() {
        List<String> lines = new TextTable().row("nodes", 5).row("task", "binary", "x").lines();
        assertEquals(List.of("nodes  5", "task   binary  x"), lines);
    }
}
