package dev.tessera.lm.classify;

import dev.tessera.TesseraException;
import dev.tessera.lm.prompt.PromptTemplate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Class names as the language model reads and writes them: raw dataset names ({@code Neural_Networks},
 * {@code cs.AI}) with underscores turned into spaces and runs of white space collapsed. These exact strings are
 * the prompt's candidates, the fine-tuning targets and the constrained-decoding label set.
 */
public final class LabelNames {
    private LabelNames() {
    }

    /**
     * @param raw a dataset's class name
     * @return the readable name: {@code _} → space, white space collapsed, trimmed
     */
    public static String readable(String raw) {
        return PromptTemplate.clean(raw.replace('_', ' '));
    }

    /**
     * @param classNames the dataset's class names, by class id
     * @return the readable names, by class id
     * @throws TesseraException when two names become the same or one becomes empty (the model could not tell
     *     them apart)
     */
    public static List<String> readable(List<String> classNames) {
        List<String> out = new ArrayList<>(classNames.size());
        Set<String> seen = new HashSet<>();
        for (int c = 0; c < classNames.size(); c++) {
            String name = readable(classNames.get(c));
            if (name.isEmpty()) {
                throw new TesseraException("class " + c + " has no name; the LM classifier needs a name per class");
            }
            if (!seen.add(name)) {
                throw new TesseraException("two classes are both named '" + name + "'; the LM classifier needs "
                        + "distinct class names");
            }
            out.add(name);
        }
        return List.copyOf(out);
    }
}
