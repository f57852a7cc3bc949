package dev.tessera.datasets;

import dev.tessera.graph.Metric;
import dev.tessera.graph.Task;
import dev.tessera.io.DatasetInfo;
import java.util.List;
import java.util.Objects;

/**
 * One row of the dataset registry ({@code registry.csv} in the {@code tessera-data} jar; columns documented in
 * {@code data/README.md}).
 *
 * @param name the dataset's name, also its folder name in the data directory, e.g. {@code ogbn-arxiv}
 * @param format the format of the fetched files ({@code planetoid}, {@code npz}, {@code ogb})
 * @param binaryLayout whether the files use OGB's binary (npz) layout, which Tessera does not read yet
 * @param url the base URL; file {@code i} is fetched from {@code url + files.get(i)}; {@code classpath:PATH/}
 *     means the files are class-path resources (a dataset shipped in the jar)
 * @param files file names relative to {@code url}; for a zip, the archive
 * @param sha256 one lower-case SHA-256 hex digest per file, or {@code ""} where none is pinned (same size as
 *     {@code files})
 * @param metric the evaluation metric
 * @param task the task
 * @param defaultSplit the split used when none is named
 * @param addInverseEdge whether every stored edge must also be added reversed (OGB's {@code add_inverse_edge})
 * @param numNodes the number of nodes as published
 * @param numClasses the number of classes as published
 * @param description what the dataset is and what to cite
 */
public record RegistryEntry(String name, String format, boolean binaryLayout, String url, List<String> files,
        List<String> sha256, Metric metric, Task task, String defaultSplit, boolean addInverseEdge, long numNodes,
        int numClasses, String description) {
    /** The URL prefix of datasets shipped inside the jar. */
    public static final String CLASSPATH = "classpath:";

    /** Checks that no part is null and that there is one checksum slot per file. */
    public RegistryEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(url, "url");
        files = List.copyOf(files);
        sha256 = List.copyOf(sha256);
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(defaultSplit, "defaultSplit");
        Objects.requireNonNull(description, "description");
        if (files.isEmpty() || sha256.size() != files.size()) {
            throw new IllegalArgumentException(name + ": " + files.size() + " files but " + sha256.size() + " checksum slots");
        }
    }

    /** @return whether the dataset is inside the jar ({@code url} starts with {@code classpath:}) */
    public boolean shipped() {
        return url.startsWith(CLASSPATH);
    }

    /** @return whether the download is one zip archive that is unpacked after download */
    public boolean zipped() {
        return files.size() == 1 && files.getFirst().endsWith(".zip");
    }

    /**
     * @param i a file index
     * @return the pinned SHA-256 of file {@code i}, or {@code null} when none is pinned
     */
    public String pinnedSha256(int i) {
        String s = sha256.get(i);
        return s.isEmpty() ? null : s;
    }

    /** @return the facts a reader may need, for {@link dev.tessera.io.DatasetReader#read} */
    public DatasetInfo hints() {
        return new DatasetInfo(name, task, metric, addInverseEdge, defaultSplit);
    }
}
