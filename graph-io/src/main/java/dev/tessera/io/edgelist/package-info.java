/**
 * The plain edge-list format ({@code edgelist}): {@code SRC DST [WEIGHT]} lines with optional features and
 * labels sidecars, read by {@link dev.tessera.io.edgelist.EdgeListReader}.
 */
package dev.tessera.io.edgelist;
