package dev.tessera.cli;

import dev.tessera.datasets.DataDirectory;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --data-dir} option of every command that looks datasets up by name (a picocli mixin). */
public final class DataDirOptions {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "The data directory, where datasets are downloaded and looked up by name "
                    + "(default: $TESSERA_DATA, else ~/.tessera/datasets).")
    Path dataDir;

    /** @return the data directory: {@code --data-dir}, else as {@link DataDirectory#resolve} finds it */
    DataDirectory resolve() {
        return DataDirectory.resolve(dataDir);
    }

    /** @return {@code " --data-dir DIR"} when the option was given, else {@code ""}: for commands to suggest */
    String asArgument() {
        return dataDir != null ? " --data-dir " + dataDir : "";
    }
}
