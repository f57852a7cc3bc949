package dev.tessera.lm.classify;

import dev.tessera.TesseraException;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.NodeTexts;
import dev.tessera.lm.train.ScratchT5;
import dev.tessera.lm.train.T5TrainSettings;
import dev.tessera.lm.train.T5Trainer;
import dev.tessera.progress.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Self-supervised pre-training of the from-scratch T5 on a dataset's node texts, standing in for the pre-training a
 * downloaded Flan-T5 has had: T5's span corruption ({@link ScratchT5#pretrain}) on <b>every</b> node's text, with no
 * label of any node (labels are only read by fine-tuning, and only the training nodes'). The tokenizer is counted
 * on the same corpus as {@link LmNodeClassifier}'s scratch model (node texts, class names, the template's words),
 * plus the sentinels. The checkpoint it writes is what {@code LmNodeClassifier.train(..., model, ...)} fine-tunes;
 * one checkpoint serves every fine-tuning seed, as one downloaded checkpoint would.
 */
public final class LmPretraining {
    /** Default pre-training epochs (each with fresh masks). */
    public static final int DEFAULT_EPOCHS = 2;
    /** Default peak learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;

    private LmPretraining() {
    }

    /**
     * @param dataset a text-attributed dataset with class names
     * @param settings the pipeline settings the model will be fine-tuned with (template, prompt budget: texts are
     *     cut to {@code maxInputTokens})
     * @param train pre-training epochs, batch, learning rate, schedule and seed
     * @param out the checkpoint directory to write
     * @param progress advanced once per optimizer step
     * @param listener told each epoch's loss
     * @return what was written
     * @throws TesseraException when the dataset has no texts or class names
     */
    public static ScratchT5.Pretrained pretrain(GraphDataset dataset, LmClassifierSettings settings,
            T5TrainSettings train, Path out, Progress progress, T5Trainer.EpochListener listener) {
        Objects.requireNonNull(out, "out");
        NodeTexts texts = dataset.texts().orElseThrow(() -> new TesseraException("dataset " + dataset.name()
                + " has no node texts; pre-training needs a text-attributed graph"));
        if (dataset.numClasses() < 1 || dataset.classNames().size() != dataset.numClasses()) {
            throw new TesseraException("dataset " + dataset.name() + " has no class names; the LM classifier "
                    + "generates class names");
        }
        List<String> names = LabelNames.readable(dataset.classNames());
        List<String> corpus = new LmNodeClassifier(settings).corpus(texts, names);
        List<String> all = new ArrayList<>(texts.size());
        for (int v = 0; v < texts.size(); v++) {
            all.add(texts.text(v));
        }
        Progress named = (name, total, unit) -> progress.start("span-corruption pre-training (" + train.epochs()
                + " epochs)", total, unit);
        return ScratchT5.pretrain(corpus, all, out, settings.maxInputTokens(), train, named, listener);
    }
}
