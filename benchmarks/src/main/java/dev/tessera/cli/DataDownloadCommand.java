package dev.tessera.cli;

import dev.tessera.cli.output.ConsoleProgress;
import dev.tessera.cli.output.Json;
import dev.tessera.cli.output.Sizes;
import dev.tessera.datasets.DataDirectory;
import dev.tessera.datasets.DatasetRegistry;
import dev.tessera.datasets.Downloader;
import dev.tessera.datasets.RegistryEntry;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tessera data download NAME}: fetches a registry dataset into {@code DATA_DIR/NAME} (checksums checked,
 * written atomically). A dataset already there is left alone unless {@code --force}.
 */
@Command(name = "download",
        description = {"Download a registry dataset into the data directory (DATA_DIR/NAME), checking checksums; "
                + "nothing is left behind on failure.", "See 'tessera data list' for the names."})
final class DataDownloadCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "A registry dataset name, e.g. cora, tolokers, ogbn-arxiv.")
    private String name;

    @Mixin
    private DataDirOptions dataDir;

    @Option(names = "--force", description = "Download again and replace the folder (only once the new copy is complete).")
    private boolean force;

    @Option(names = "--mirror", paramLabel = "URL",
            description = "Fetch file F of dataset NAME from URL/NAME/F instead of the registry URL (default: $TESSERA_MIRROR).")
    private String mirror;

    @Mixin
    private OutputOptions output;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        var out = spec.commandLine().getOut();
        RegistryEntry entry = DatasetRegistry.load().get(name);
        DataDirectory dir = dataDir.resolve();
        boolean present = dir.isDownloaded(entry.name());
        Downloader.Builder b = Downloader.builder().setDataDirectory(dir)
                .optProgress(ConsoleProgress.forStderr(err)).optNotes(err::println);
        if (mirror != null) {
            b.optMirror(mirror);
        }
        Downloader downloader = b.build();
        Path path = force ? downloader.download(entry, true) : downloader.fetch(entry);
        long bytes = dir.sizeOnDisk(entry.name());
        if (output.json) {
            Json.print(out, Json.object().put("name", entry.name()).put("path", path.toString())
                    .put("already_present", present && !force).put("bytes_on_disk", bytes));
        } else {
            out.println(entry.name() + ": " + (present && !force ? "already in " : "downloaded to ") + path + " ("
                    + Sizes.bytes(bytes) + ")");
            out.println("inspect it with: tessera data info " + entry.name() + dataDir.asArgument());
            out.flush();
        }
        return 0;
    }
}
