package dev.tessera.io;

import dev.tessera.graph.GraphDataset;
import dev.tessera.progress.Progress;
import java.nio.file.Path;

/**
 * Reads one on-disk dataset format into a {@link GraphDataset}. Implementations report malformed input as a
 * {@link dev.tessera.TesseraException} whose one-line message names the file and the line or entry.
 */
public interface DatasetReader {
    /** @return the format's name as given to {@code --format}, e.g. {@code ogb}, {@code planetoid}, {@code npz}, {@code edgelist} */
    String format();

    /**
     * @param path a folder or file
     * @return whether this reader recognizes the path as its format (cheap: looks at names, not contents)
     */
    boolean canRead(Path path);

    /**
     * @param path a folder or file in this format
     * @param hints facts the files may lack (from the registry), or {@link DatasetInfo#NONE}
     * @return the dataset
     * @throws dev.tessera.TesseraException on missing or malformed input
     */
    GraphDataset read(Path path, DatasetInfo hints);

    /**
     * Reads a dataset and reports the reading of large files to {@code progress}. Readers that report nothing
     * need not override this: by default it is {@link #read(Path, DatasetInfo)}; a reader that does override it
     * implements the two-argument method as this one with {@link Progress#NONE}.
     *
     * @param path a folder or file in this format
     * @param hints facts the files may lack (from the registry), or {@link DatasetInfo#NONE}
     * @param progress where long work is reported, e.g. one task per large file in bytes
     * @return the dataset
     * @throws dev.tessera.TesseraException on missing or malformed input
     */
    default GraphDataset read(Path path, DatasetInfo hints, Progress progress) {
        return read(path, hints);
    }
}
