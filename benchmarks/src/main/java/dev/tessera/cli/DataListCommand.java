package dev.tessera.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.TesseraException;
import dev.tessera.cli.output.Json;
import dev.tessera.cli.output.TextTable;
import dev.tessera.io.DatasetFormats;
import dev.tessera.io.DatasetReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tessera data list}: the datasets in the data directory, with their format and size on disk. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the datasets in the data directory: name, format, size on disk.")
final class DataListCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private DatasetOptions data;

    @Mixin
    private OutputOptions output;

    /**
     * One row of the list.
     *
     * @param name the dataset's name (its folder or file name)
     * @param format the detected format, or {@code null} when none is recognized
     * @param path where it is
     * @param bytes size on disk
     */
    record Entry(String name, String format, Path path, long bytes) {
    }

    @Override
    public Integer call() {
        Path dir = data.loader().dataDir();
        List<Entry> entries = local(dir);
        var out = spec.commandLine().getOut();
        if (output.json) {
            ObjectNode o = Json.object();
            o.put("data_dir", dir.toAbsolutePath().toString());
            ArrayNode list = o.putArray("datasets");
            for (Entry e : entries) {
                list.addObject().put("name", e.name()).put("format", e.format()).put("path", e.path().toString())
                        .put("downloaded", true).put("bytes_on_disk", e.bytes());
            }
            Json.print(out, o);
            return 0;
        }
        out.println("data directory: " + dir.toAbsolutePath());
        if (entries.isEmpty()) {
            out.println("no datasets yet");
        } else {
            TextTable t = new TextTable("name", "format", "on disk");
            for (Entry e : entries) {
                t.row(e.name(), e.format() == null ? "?" : e.format(), DatasetSummary.bytes(e.bytes()));
            }
            t.print(out);
        }
        out.flush();
        return 0;
    }

    /** Every visible folder, and every file a reader recognizes, in the data directory, sorted by name. */
    static List<Entry> local(Path dir) {
        List<Entry> entries = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return entries;
        }
        try (Stream<Path> children = Files.list(dir)) {
            for (Path p : children.sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(".")) {
                    continue; // temporaries of interrupted writes and hidden files
                }
                String format = formatOf(p);
                if (format == null && !Files.isDirectory(p)) {
                    continue; // a README or other file beside the datasets
                }
                entries.add(new Entry(name, format, p, sizeOnDisk(p)));
            }
        } catch (IOException e) {
            throw new TesseraException(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
        return entries;
    }

    private static String formatOf(Path p) {
        for (DatasetReader r : DatasetFormats.readers()) {
            if (r.canRead(p)) {
                return r.format();
            }
        }
        return null;
    }

    /**
     * @param p a file or folder
     * @return the bytes of every regular file in it
     */
    static long sizeOnDisk(Path p) {
        try (Stream<Path> walk = Files.walk(p)) {
            return walk.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            throw new TesseraException(p + ": cannot measure size (" + e.getMessage() + ")", e);
        }
    }
}
