/**
 * Dataset transforms in the spirit of PyTorch Geometric's: {@link dev.tessera.transforms.ToUndirected},
 * {@link dev.tessera.transforms.AddSelfLoops}, {@link dev.tessera.transforms.RemoveSelfLoops},
 * {@link dev.tessera.transforms.GcnNorm}, {@link dev.tessera.transforms.NormalizeFeatures},
 * {@link dev.tessera.transforms.InducedSubgraph} and {@link dev.tessera.transforms.LargestConnectedComponent},
 * each a {@link dev.tessera.transforms.Transform} recorded in the dataset's provenance, with a static twin on the
 * plain parts. {@link dev.tessera.transforms.Transforms} names them and parses lists such as
 * {@code to-undirected,add-self-loops(weight=2),gcn-norm}.
 */
package dev.tessera.transforms;
