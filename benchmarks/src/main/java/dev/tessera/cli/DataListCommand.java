package dev.tessera.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.cli.output.Json;
import dev.tessera.cli.output.Sizes;
import dev.tessera.cli.output.TextTable;
import dev.tessera.datasets.DataDirectory;
import dev.tessera.datasets.DatasetRegistry;
import dev.tessera.datasets.RegistryEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code tessera data list}: the registry's datasets, downloaded or not, then the other dataset folders of the
 * data directory, with their size on disk.
 */
@Command(name = "list",
        description = {"List the datasets: every registry entry (downloaded or not) and every other folder in the data "
                + "directory, with size on disk."})
final class DataListCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private DataDirOptions dataDir;

    @Mixin
    private OutputOptions output;

    /**
     * One dataset of the list.
     *
     * @param name its name (registry name or folder name)
     * @param entry its registry entry, or {@code null} for a local folder outside the registry
     * @param downloaded whether its folder exists in the data directory
     * @param bytes size on disk (0 when not downloaded)
     */
    record Row(String name, RegistryEntry entry, boolean downloaded, long bytes) {
    }

    @Override
    public Integer call() {
        DataDirectory dir = dataDir.resolve();
        List<Row> rows = rows(DatasetRegistry.load(), dir);
        var out = spec.commandLine().getOut();
        if (output.json) {
            ObjectNode o = Json.object();
            o.put("data_dir", dir.root().toString());
            ArrayNode list = o.putArray("datasets");
            for (Row r : rows) {
                ObjectNode d = list.addObject().put("name", r.name()).put("in_registry", r.entry() != null)
                        .put("downloaded", r.downloaded()).put("bytes_on_disk", r.bytes());
                if (r.entry() != null) {
                    RegistryEntry e = r.entry();
                    d.put("format", e.format()).put("shipped", e.shipped()).put("num_nodes", e.numNodes())
                            .put("num_classes", e.numClasses()).put("task", e.task().id()).put("metric", e.metric().id())
                            .put("description", e.description());
                }
            }
            Json.print(out, o);
            return 0;
        }
        out.println("data directory: " + dir);
        TextTable t = new TextTable("name", "nodes", "classes", "task", "metric", "downloaded", "on disk");
        for (Row r : rows) {
            RegistryEntry e = r.entry();
            t.row(r.name(), e == null ? "-" : e.numNodes(), e == null ? "-" : e.numClasses(),
                    e == null ? "(local)" : e.task().id(), e == null ? "" : e.metric().id(),
                    r.downloaded() ? "yes" : e != null && e.shipped() ? "shipped" : "no",
                    r.downloaded() ? Sizes.bytes(r.bytes()) : "-");
        }
        t.print(out);
        out.println("download one with: tessera data download NAME");
        out.flush();
        return 0;
    }

    /** Registry entries in registry order, then the data directory's other folders by name. */
    static List<Row> rows(DatasetRegistry registry, DataDirectory dir) {
        List<Row> rows = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (RegistryEntry e : registry.entries()) {
            boolean here = dir.isDownloaded(e.name());
            rows.add(new Row(e.name(), e, here, here ? dir.sizeOnDisk(e.name()) : 0));
            seen.add(e.name());
        }
        for (String name : dir.downloaded()) {
            if (!seen.contains(name) && registry.find(name).isEmpty()) {
                rows.add(new Row(name, null, true, dir.sizeOnDisk(name)));
            }
        }
        return rows;
    }
}
