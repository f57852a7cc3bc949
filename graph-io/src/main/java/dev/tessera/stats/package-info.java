/** Summary statistics of graph datasets ({@link dev.tessera.stats.DatasetStats}), as {@code tessera data info} shows them. */
package dev.tessera.stats;
