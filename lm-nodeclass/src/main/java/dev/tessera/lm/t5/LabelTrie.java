package dev.tessera.lm.t5;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * A prefix trie over label token-id sequences, for decoding constrained to a fixed label set (each step may only
 * continue a prefix of some label). Every label ends with the end-of-sequence id (appended when missing), so a
 * decoder that follows the trie until it emits EOS has produced exactly one of the labels. Plain Java.
 */
public final class LabelTrie implements T5Generator.Constraint {
    private static final int[] NONE = new int[0];

    private final Node root = new Node();
    private final int eosTokenId;
    private final List<int[]> labels = new ArrayList<>();

    private static final class Node {
        final TreeMap<Integer, Node> children = new TreeMap<>();
        int[] allowed = NONE;
    }

    /**
     * @param labels the label sequences (token ids, without the decoder start token; EOS optional)
     * @param eosTokenId the end-of-sequence id
     * @throws IllegalArgumentException on an empty label set or an empty label
     */
    public LabelTrie(List<int[]> labels, int eosTokenId) {
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("no labels");
        }
        this.eosTokenId = eosTokenId;
        for (int[] label : labels) {
            int[] seq = label.length > 0 && label[label.length - 1] == eosTokenId ? label.clone()
                    : Arrays.copyOf(label, label.length + 1);
            seq[seq.length - 1] = eosTokenId;
            if (seq.length == 1) {
                throw new IllegalArgumentException("empty label");
            }
            for (int i = 0; i < seq.length - 1; i++) {
                if (seq[i] == eosTokenId) {
                    throw new IllegalArgumentException("label " + Arrays.toString(label) + " holds EOS before its end");
                }
            }
            this.labels.add(seq);
            Node n = root;
            for (int t : seq) {
                n = n.children.computeIfAbsent(t, k -> new Node());
            }
        }
        freeze(root);
    }

    private static void freeze(Node n) {
        n.allowed = n.children.keySet().stream().mapToInt(Integer::intValue).toArray();
        for (Node c : n.children.values()) {
            freeze(c);
        }
    }

    /** @return the labels as stored, each ending with EOS */
    public List<int[]> labels() {
        return labels.stream().map(int[]::clone).toList();
    }

    /** @return the end-of-sequence id */
    public int eosTokenId() {
        return eosTokenId;
    }

    /**
     * @param prefix tokens generated so far (after the decoder start token)
     * @return the ids that continue it towards some label, ascending; empty when it is no label's prefix
     */
    public int[] allowed(int[] prefix) {
        Node n = root;
        for (int t : prefix) {
            n = n.children.get(t);
            if (n == null) {
                return NONE;
            }
        }
        return n.allowed.clone();
    }

    @Override
    public int[] allowed(int row, int[] prefix) {
        return allowed(prefix);
    }

    /**
     * @param seq a generated sequence after the start token, possibly followed by padding
     * @param padTokenId the padding id, ignored after EOS
     * @return the index of the label it spells, or -1
     */
    public int indexOf(int[] seq, int padTokenId) {
        for (int i = 0; i < labels.size(); i++) {
            int[] l = labels.get(i);
            if (seq.length >= l.length && Arrays.equals(Arrays.copyOf(seq, l.length), l)) {
                boolean padded = true;
                for (int j = l.length; j < seq.length; j++) {
                    padded &= seq[j] == padTokenId;
                }
                if (padded) {
                    return i;
                }
            }
        }
        return -1;
    }
}
