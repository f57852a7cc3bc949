package dev.tessera.cli;

import dev.tessera.cache.DatasetCache;
import dev.tessera.cli.output.ConsoleProgress;
import dev.tessera.datasets.DatasetLoader;
import dev.tessera.io.DatasetFormats;
import dev.tessera.transforms.Transforms;
import java.io.PrintWriter;
import java.util.ArrayList;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options shared by the commands that find and read datasets (a picocli mixin). */
public final class DatasetOptions {
    @Mixin
    DataDirOptions dataDir;

    @Option(names = "--format", paramLabel = "F", completionCandidates = FormatNames.class,
            description = "Read the input in this format instead of detecting it (${COMPLETION-CANDIDATES}).")
    String format;

    @Option(names = "--transform", paramLabel = "LIST", completionCandidates = TransformNames.class,
            description = "Transforms applied after reading, in order, e.g. to-undirected,add-self-loops(weight=1) "
                    + "(known: ${COMPLETION-CANDIDATES}).")
    String transform;

    @Option(names = "--no-cache", description = "Read the source files, neither using nor writing the binary cache.")
    boolean noCache;

    /**
     * @param err the command's stderr: progress and notes go there
     * @return a loader configured by these options
     */
    DatasetLoader loader(PrintWriter err) {
        return DatasetLoader.builder().optDataDir(dataDir.dataDir).optFormat(format)
                .optTransform(transform == null ? null : Transforms.parse(transform))
                .optCache(DatasetCache.builder().optEnabled(!noCache).build())
                .optProgress(ConsoleProgress.forStderr(err)).optNotes(err::println).build();
    }

    /** The format names, for the help text. */
    static final class FormatNames extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        FormatNames() {
            super(DatasetFormats.names());
        }
    }

    /** The transform names, for the help text. */
    static final class TransformNames extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        TransformNames() {
            super(Transforms.names());
        }
    }
}
