/**
 * Neural-network building blocks on DJL for graphs: the per-graph tensor cache ({@link dev.tessera.nn.GraphContext}),
 * message-passing layers ({@code conv}) and whole models ({@code models}).
 */
package dev.tessera.nn;
