/** The GQT classifier's node sequences: each node followed by its strongest personalized-PageRank neighbours. */
package dev.tessera.gqt.sequence;
