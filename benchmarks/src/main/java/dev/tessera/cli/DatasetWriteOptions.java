package dev.tessera.cli;

import dev.tessera.cli.output.Sizes;
import dev.tessera.graph.GraphDataset;
import dev.tessera.progress.Progress;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How a command writes a dataset to its OUT argument (a picocli mixin for {@code data convert} and
 * {@code data generate}): {@code --to} and {@code --force}. OUT itself stays with each command, since a mixin
 * cannot hold the second positional argument without the first.
 */
public final class DatasetWriteOptions {
    @Option(names = "--to", paramLabel = "FORMAT",
            description = "ogb, npz or cache (default: from OUT's name: *.npz -> npz, *.tessera-cache -> cache, else ogb).")
    String to;

    @Option(names = "--force", description = "Replace OUT when it exists.")
    boolean force;

    /**
     * @param out the folder or file to write
     * @return the output format ({@link OutputFormat#of}); call it before long work so that a bad {@code --to}
     *     or an existing OUT without {@code --force} fails at once
     * @throws dev.tessera.TesseraException when {@code --to} names no format, or OUT exists without {@code --force}
     */
    OutputFormat format(Path out) {
        OutputFormat format = OutputFormat.of(to, out);
        OutputFormat.checkTarget(out, force);
        return format;
    }

    /**
     * @param ds the dataset
     * @param out the folder or file to write
     * @param progress where the write is reported
     * @return the bytes OUT takes on disk once written
     * @throws dev.tessera.TesseraException when OUT exists without {@code --force}, or writing fails
     */
    long write(GraphDataset ds, Path out, Progress progress) {
        format(out).write(ds, out, force, progress);
        return Sizes.onDisk(out);
    }
}
