/**
 * Personalized PageRank (PPR): approximate PPR of every node by forward push ({@link
 * dev.tessera.ppr.PersonalizedPageRank}), kept as each node's top-k neighbours ({@link dev.tessera.ppr.PprResult}),
 * and exact PPR by power iteration ({@link dev.tessera.ppr.ExactPpr}) to check it on small graphs.
 *
 * <p>Conventions shared by both: the PPR vector of source {@code s} is
 * {@code pi_s = alpha * sum_k (1 - alpha)^k e_s W^k}, where {@code W = D^-1 A} moves mass along out-edges in
 * proportion to the out-degree (edge weights are ignored, as in PyG's {@code get_ppr}), and a dangling node (no
 * out-edge, isolated nodes included) keeps the mass that reaches it, as if it had a self-loop. So every PPR
 * vector sums to 1 and a dangling source has {@code pi_s = e_s}.
 */
package dev.tessera.ppr;
