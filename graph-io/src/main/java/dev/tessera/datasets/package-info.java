/**
 * Named datasets: the registry of known datasets ({@link dev.tessera.datasets.DatasetRegistry}, read from the
 * {@code tessera-data} jar's {@code registry.csv}), the local data folder that holds them
 * ({@link dev.tessera.datasets.DataDirectory}) and the {@link dev.tessera.datasets.Downloader} that fills it,
 * atomically and with checksums.
 */
package dev.tessera.datasets;
