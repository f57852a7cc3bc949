package dev.tessera.nodeclass;

import dev.tessera.TesseraException;
import dev.tessera.graph.GraphDataset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which splits an experiment runs. A single split ({@code --split S}, else the dataset's default), or with
 * {@code --all-splits} a whole fold family: the splits whose names differ only in a trailing number, such as
 * {@code geom-gcn-fold0..9} or {@code fold0..9}. Without {@code --split}, the family is the dataset's only one
 * (Cora has the ten Geom-GCN folds besides {@code public}); when a dataset has several families, {@code --split}
 * names one of its members.
 *
 * @param label the split's name, or the family as {@code prefix*} (e.g. {@code geom-gcn-fold*})
 * @param names the splits, folds in numeric order
 */
public record SplitSelection(String label, List<String> names) {
    private static final Pattern FOLD = Pattern.compile("(.*?)(\\d+)");

    /**
     * @param dataset the dataset
     * @param split the split asked for, or {@code null}
     * @param all whether to run the whole fold family
     * @return the selection
     * @throws TesseraException when the split is unknown or the family is ambiguous
     */
    public static SplitSelection resolve(GraphDataset dataset, String split, boolean all) {
        Map<String, ?> splits = dataset.splits();
        if (splits.isEmpty()) {
            throw new TesseraException(dataset.name() + ": the dataset has no splits to train and evaluate on");
        }
        if (split != null && !splits.containsKey(split)) {
            throw new TesseraException("--split: " + dataset.name() + " has no split '" + split + "' (it has "
                    + String.join(", ", splits.keySet()) + ")");
        }
        if (!all) {
            String name = split != null ? split : dataset.defaultSplitName();
            return new SplitSelection(name, List.of(name));
        }
        Map<String, List<String>> families = new LinkedHashMap<>();
        for (String s : splits.keySet()) {
            Matcher m = FOLD.matcher(s);
            if (m.matches()) {
                families.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(s);
            }
        }
        String prefix;
        if (split != null) {
            Matcher m = FOLD.matcher(split);
            if (!m.matches()) {
                return new SplitSelection(split, List.of(split));
            }
            prefix = m.group(1);
        } else if (families.size() == 1) {
            prefix = families.keySet().iterator().next();
        } else if (families.isEmpty()) {
            String name = dataset.defaultSplitName();
            return new SplitSelection(name, List.of(name));
        } else {
            throw new TesseraException("--all-splits: " + dataset.name() + " has several fold families ("
                    + String.join(", ", families.keySet().stream().map(p -> p + "*").toList())
                    + "); name one with --split, e.g. --split " + families.values().iterator().next().get(0));
        }
        List<String> names = new ArrayList<>(families.get(prefix));
        names.sort(Comparator.comparingInt(s -> Integer.parseInt(s.substring(prefix.length()))));
        return new SplitSelection(names.size() == 1 ? names.get(0) : prefix + "*", List.copyOf(names));
    }
}
