package dev.tessera.io;

import dev.tessera.graph.Metric;
import dev.tessera.graph.Task;

/**
 * Facts about a dataset that its files may not state (OGB downloads have no {@code info.properties}): they come
 * from the registry and fill what a reader cannot find. Every field may be {@code null} for "unknown".
 *
 * @param name the dataset's name
 * @param task the task
 * @param metric the metric
 * @param addInverseEdge whether each stored edge must be added in reverse too (OGB's {@code add_inverse_edge})
 * @param defaultSplit the default split's name
 */
public record DatasetInfo(String name, Task task, Metric metric, Boolean addInverseEdge, String defaultSplit) {
    /** No hints. */
    public static final DatasetInfo NONE = new DatasetInfo(null, null, null, null, null);
}
