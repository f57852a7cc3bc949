/**
 * Node orderings for sequence models over nodes (GECO): {@link dev.tessera.ordering.NaturalOrder},
 * {@link dev.tessera.ordering.RandomOrder}, {@link dev.tessera.ordering.DegreeOrder},
 * {@link dev.tessera.ordering.BfsOrder}, {@link dev.tessera.ordering.ReverseCuthillMcKee} and
 * {@link dev.tessera.ordering.CommunityOrder}, each an {@link dev.tessera.ordering.NodeOrderer} returning an
 * {@link dev.tessera.ordering.Ordering} (a permutation and its inverse, applicable to a graph or dataset), looked
 * up by name in {@link dev.tessera.ordering.Orderings}; {@link dev.tessera.ordering.Envelope} measures the
 * bandwidth and profile of the reordered adjacency.
 */
package dev.tessera.ordering;
