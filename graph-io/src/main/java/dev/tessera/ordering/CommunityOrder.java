package dev.tessera.ordering;

import dev.tessera.graph.CsrGraph;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Keeps communities contiguous: communities are found by label propagation (Raghavan, Albert, Kumara 2007) on
 * the symmetrized, loop-free graph, then laid out one after another in the order of their smallest node id, each
 * in breadth-first order restricted to the community (from its minimum-degree node, ties by id; restarted on any
 * part the search did not reach).
 *
 * <p>Label propagation: every node starts with its own label; each round visits the nodes in a fresh random
 * order (a seeded shuffle) and gives each node the label most frequent among its neighbours, updating in place
 * (asynchronous, so later nodes of the round already see the new labels). Ties are broken uniformly at random
 * with the same seeded source, the node's own label taking part like any other (as in JGraphT's version: tied
 * nodes keep moving, which lets large communities absorb their fringes). A node is unsettled when its label is
 * not among the most frequent of its neighbours'; rounds stop once at most {@value #STOP_SHARE_PER_MILLE} per
 * mille of the nodes (at least one) were unsettled, once {@value #PATIENCE} rounds in a row brought no new low
 * in that count, or after {@value #MAX_ITERATIONS} rounds, since nodes on ties may flip forever. A round costs
 * O(N + E') (E' the symmetrized edge count): neighbour labels are counted in one dense array reset through the
 * list of labels touched, with no map per node. Memory: four int arrays of N besides the adjacency.
 *
 * <p>Why label propagation: near-linear time, no community count to choose (recursive bisection or modularity
 * optimisation cost far more); the breadth-first order inside each community keeps neighbours close within the
 * block too. Deterministic for a given seed. Plain Java rather than JGraphT's {@code LabelPropagationClustering},
 * whose boxed vertices, string labels and hash maps took 25-28 s on arxiv-2023, against about 0.5 s here (see
 * docs/benchmarks.md).
 */
public final class CommunityOrder implements NodeOrderer {
    /** The cap on label-propagation rounds, so that oscillating labels cannot stall the ordering. */
    public static final int MAX_ITERATIONS = 100;

    /** Rounds stop once at most this many nodes per thousand (at least one) were unsettled in a round. */
    public static final int STOP_SHARE_PER_MILLE = 5;

    /** Rounds stop once this many rounds in a row brought no new low in the count of unsettled nodes. */
    public static final int PATIENCE = 5;

    private final long seed;

    /** @param seed the seed of label propagation's random visit order and tie-breaking */
    public CommunityOrder(long seed) {
        this.seed = seed;
    }

    /** @return the seed */
    public long seed() {
        return seed;
    }

    @Override
    public String name() {
        return "community";
    }

    /**
     * @param g a graph
     * @return [N] the community of each node, numbered in the order of each community's smallest node id
     */
    public int[] communities(CsrGraph g) {
        return communities(Adjacency.of(g));
    }

    private int[] communities(Adjacency a) {
        int n = a.n;
        int[] ptr = a.ptr;
        int[] cols = a.cols;
        int[] label = new int[n];
        int[] order = new int[n];
        for (int v = 0; v < n; v++) {
            label[v] = v;
            order[v] = v;
        }
        // count[l] = how many neighbours of the current node carry label l; touched lists the nonzero entries.
        int[] count = new int[n];
        int[] touched = new int[n];
        SplittableRandom random = new SplittableRandom(seed);
        long stopAt = Math.max(1, (long) n * STOP_SHARE_PER_MILLE / 1000);
        long fewest = Long.MAX_VALUE;
        int fewestRound = 0;
        for (int round = 0; round < MAX_ITERATIONS; round++) {
            shuffle(order, random);
            long unsettled = 0;
            for (int v : order) {
                int from = ptr[v];
                int to = ptr[v + 1];
                if (from == to) {
                    continue;
                }
                int numTouched = 0;
                int best = 0;
                for (int i = from; i < to; i++) {
                    int l = label[cols[i]];
                    if (count[l]++ == 0) {
                        touched[numTouched++] = l;
                    }
                    best = Math.max(best, count[l]);
                }
                // Uniform choice among the labels of maximal count (reservoir sampling: each kept with
                // probability 1 / ties), the node's own label included: letting tied nodes move on lets large
                // communities absorb fringes (keeping the own label on ties froze Cora in 530 small groups and
                // gave a 1.5x larger profile).
                int chosen = -1;
                int ties = 0;
                for (int k = 0; k < numTouched; k++) {
                    int l = touched[k];
                    if (count[l] == best && (++ties == 1 || random.nextInt(ties) == 0)) {
                        chosen = l;
                    }
                }
                int mine = label[v];
                if (count[mine] != best) {
                    unsettled++;
                }
                for (int k = 0; k < numTouched; k++) {
                    count[touched[k]] = 0;
                }
                label[v] = chosen;
            }
            // Stop once nearly every node is settled, or once the unsettled count has stopped falling: on large
            // random graphs it can hover around 1% for many rounds while labels drift between tied nodes.
            if (unsettled < fewest) {
                fewest = unsettled;
                fewestRound = round;
            }
            if (unsettled <= stopAt || round - fewestRound >= PATIENCE) {
                break;
            }
        }
        // Number the communities by first appearance in id order, i.e. by their smallest node.
        int[] id = count; // all zero again: reuse as label -> community id + 1
        int next = 0;
        int[] community = new int[n];
        for (int v = 0; v < n; v++) {
            int l = label[v];
            if (id[l] == 0) {
                id[l] = ++next;
            }
            community[v] = id[l] - 1;
        }
        return community;
    }

    private static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    @Override
    public Ordering order(CsrGraph g) {
        Adjacency a = Adjacency.of(g);
        int n = a.n;
        int[] community = communities(a);
        // Members of each community, ascending (a counting sort by community id).
        int numCommunities = 0;
        for (int c : community) {
            numCommunities = Math.max(numCommunities, c + 1);
        }
        int[] start = new int[numCommunities + 1];
        for (int c : community) {
            start[c + 1]++;
        }
        for (int c = 0; c < numCommunities; c++) {
            start[c + 1] += start[c];
        }
        // Members of each community by (degree, id), so the next unplaced one is the next search's root: a
        // community label propagation left in several pieces costs no rescan per piece.
        long[] members = new long[n];
        int[] fill = start.clone();
        for (int v = 0; v < n; v++) {
            members[fill[community[v]]++] = ((long) a.degree(v) << 32) | v;
        }
        int[] perm = new int[n];
        boolean[] placed = new boolean[n];
        int off = 0;
        for (int c = 0; c < numCommunities; c++) {
            Arrays.sort(members, start[c], start[c + 1]);
            int cc = c;
            int next = start[c];
            while (off < start[c + 1]) {
                while (placed[(int) members[next]]) {
                    next++;
                }
                int k = a.bfs((int) members[next], perm, off, w -> community[w] == cc && !placed[w], false);
                for (int i = off; i < off + k; i++) {
                    placed[perm[i]] = true;
                }
                off += k;
            }
        }
        return Ordering.ofOwned(name(), perm);
    }
}
