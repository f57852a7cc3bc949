package dev.tessera.lm.train;

import java.util.ArrayList;
import java.util.List;

/** A few prompts about papers and the names of their topics, for training tests. */
final class TinyCorpus {
    static final List<String> LABELS = List.of("neural networks", "genetic algorithms", "theory",
            "reinforcement learning");
    static final List<String> PROMPTS = List.of(
            "paper : backpropagation in deep neural nets . topic ?",
            "paper : convolutional layers for images . topic ?",
            "paper : crossover and mutation operators . topic ?",
            "paper : evolving populations of programs . topic ?",
            "paper : bounds on sample complexity . topic ?",
            "paper : a proof of learnability . topic ?",
            "paper : q learning with rewards . topic ?",
            "paper : policies for agents in markov decision processes . topic ?");
    static final List<String> TARGETS = List.of(LABELS.get(0), LABELS.get(0), LABELS.get(1), LABELS.get(1),
            LABELS.get(2), LABELS.get(2), LABELS.get(3), LABELS.get(3));

    private TinyCorpus() {
    }

    /** @return prompts and label names, the texts a tokenizer is built from */
    static List<String> texts() {
        List<String> t = new ArrayList<>(PROMPTS);
        t.addAll(LABELS);
        return t;
    }
}
