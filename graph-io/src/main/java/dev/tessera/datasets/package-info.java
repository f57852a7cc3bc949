/** Finding datasets: by path or by name in the data directory ({@link dev.tessera.datasets.DatasetLoader}). */
package dev.tessera.datasets;
