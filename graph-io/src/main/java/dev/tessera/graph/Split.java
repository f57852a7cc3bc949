package dev.tessera.graph;

import java.util.Objects;

/**
 * A named train/valid/test split: three disjoint arrays of node ids, each ascending.
 *
 * @param name the split's name, e.g. {@code public} or {@code geom-gcn-fold3}
 * @param train training node ids
 * @param valid validation node ids
 * @param test test node ids
 */
public record Split(String name, int[] train, int[] valid, int[] test) {
    /** Checks that no part is null. */
    public Split {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(valid, "valid");
        Objects.requireNonNull(test, "test");
    }

    /**
     * @param part {@code train}, {@code valid} or {@code test}
     * @return that part's node ids
     */
    public int[] part(String part) {
        return switch (part) {
            case "train" -> train;
            case "valid", "val" -> valid;
            case "test" -> test;
            default -> throw new IllegalArgumentException("no split part " + part);
        };
    }

    @Override
    public String toString() {
        return name + " " + train.length + "/" + valid.length + "/" + test.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Split s && name.equals(s.name) && java.util.Arrays.equals(train, s.train)
                && java.util.Arrays.equals(valid, s.valid) && java.util.Arrays.equals(test, s.test);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, java.util.Arrays.hashCode(train), java.util.Arrays.hashCode(valid),
                java.util.Arrays.hashCode(test));
    }
}
