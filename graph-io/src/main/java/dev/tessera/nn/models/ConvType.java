package dev.tessera.nn.models;

/** The layer a {@link Gnn} stacks. */
public enum ConvType {
    /** No message passing: linear layers only (the graph-agnostic baseline). */
    MLP,
    /** {@link dev.tessera.nn.conv.GcnConv}. */
    GCN,
    /** {@link dev.tessera.nn.conv.SageConv}, mean aggregation. */
    SAGE,
    /** Graph attention ({@code dev.tessera.nn.conv.GatConv}). */
    GAT
}
