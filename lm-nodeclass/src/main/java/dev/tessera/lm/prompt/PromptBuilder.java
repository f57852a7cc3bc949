package dev.tessera.lm.prompt;

import dev.tessera.TesseraException;
import dev.tessera.lm.tokenizer.TokenCounter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Fits a node's prompt into the model's input budget B, counted in the model's own tokens ({@link TokenCounter}),
 * special tokens included, so that {@code count(prompt) <= B}.
 *
 * <p>Priorities, highest first:
 * <ol>
 *   <li>Fixed parts: the template's text and the candidate labels, always kept whole (if they alone exceed B, a
 *       {@link TesseraException}). Let R0 = B - their count.</li>
 *   <li>The target's own text: it gets up to {@code max(share * R0, R0 - D)} tokens, D being what the retrieved
 *       items would take whole; so it is cut (at a word boundary) only when it alone exceeds its share and the
 *       whole prompt would not fit. Without retrieved items it may take all of R0.</li>
 *   <li>Retrieved items, in the order: neighbours (strongest first), then prototypes. What is left is shared out
 *       by water-filling: every item is cut to at most c tokens of text, c as large as fits; while c is below
 *       {@link Builder#optMinItemTokens(int) the minimum item length} the last item is dropped (weakest prototype
 *       first, then the weakest neighbours). Cuts are at word boundaries (white space); an item cut to nothing is
 *       dropped, and a section whose items all went disappears with its header (see {@link PromptTemplate}).</li>
 * </ol>
 * Costs are planned from each piece's own count (minus the special tokens), which is exact for word-level
 * tokenizers and close for subword ones; the assembled prompt is then counted, and while it is still over budget
 * the items' share (then the target) is cut further by the excess. The result is deterministic.
 *
 * <p><b>Counting once.</b> Building one prompt counts a few dozen texts (template skeletons, each item, the word
 * prefixes a cut's binary search probes), and consecutive prompts share most of them (the skeleton for a candidate
 * list, a neighbour that is also another node's neighbour, a prefix probed for an earlier cut of the same text).
 * Counts are therefore memoised per distinct string, least recently used first out once
 * {@link Builder#optCountCache(int)} strings are held; a count depends on the string alone, so prompts are the same
 * with or without the cache. A cut finds its word boundary on the prefix counts of one encoding
 * ({@link TokenCounter#prefixCounts}) and checks it with two counts, falling back to a binary search on counts
 * when the check fails, so it gives the same prefix as a binary search would. Not thread-safe: one builder per
 * thread.
 */
public final class PromptBuilder {
    /** Default budget: T5's usual input length. */
    public static final int DEFAULT_MAX_TOKENS = 512;
    /** Default share of the free budget reserved for the target text. */
    public static final double DEFAULT_TARGET_SHARE = 0.5;
    /** Default least tokens of text an item keeps; shorter cuts drop the item instead. */
    public static final int DEFAULT_MIN_ITEM_TOKENS = 16;
    /** Default most strings whose counts are memoised (a few MB of keys for texts of a few hundred words). */
    public static final int DEFAULT_COUNT_CACHE = 1 << 16;

    private final PromptTemplate template;
    private final TokenCounter counter;
    private final int maxTokens;
    private final double targetShare;
    private final int minItemTokens;
    private final int cacheSize;
    private final LinkedHashMap<String, Integer> counts;
    private final LinkedHashMap<String, String> cuts;

    private PromptBuilder(Builder b) {
        this.template = b.template;
        this.counter = b.counter;
        this.maxTokens = b.maxTokens;
        this.targetShare = b.targetShare;
        this.minItemTokens = b.minItemTokens;
        this.cacheSize = b.countCache;
        this.counts = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
                return size() > cacheSize;
            }
        };
        this.cuts = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > cacheSize;
            }
        };
    }

    /** The counter's count of {@code text}, memoised. */
    private int count(String text) {
        if (cacheSize == 0) {
            return counter.count(text);
        }
        Integer c = counts.get(text);
        if (c == null) {
            c = counter.count(text);
            counts.put(text, c);
        }
        return c;
    }

    /** @return a builder; {@code setTemplate} and {@code setTokenCounter} are required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return B, the budget in tokens */
    public int maxTokens() {
        return maxTokens;
    }

    /** @return the template */
    public PromptTemplate template() {
        return template;
    }

    /**
     * @param target the node's text
     * @param neighbors neighbour texts, strongest first
     * @param prototypes prototypes, in the order the prompt should list them
     * @param candidates candidate label names (kept whole)
     * @return the prompt, within the budget
     * @throws TesseraException when the template and candidates alone exceed the budget
     */
    public Prompt build(String target, List<String> neighbors, List<LabeledText> prototypes, List<String> candidates) {
        String tgt = PromptTemplate.clean(target);
        List<String> nb = template.usesNeighbors() ? neighbors.stream().map(PromptTemplate::clean).toList() : List.of();
        List<LabeledText> pr = template.usesPrototypes() ? prototypes.stream()
                .map(p -> new LabeledText(PromptTemplate.clean(p.text()), p.label())).toList() : List.of();
        int base = count(template.render("", List.of(), List.of(), candidates));
        if (base > maxTokens) {
            throw new TesseraException("prompt template " + template.source() + ": its text and the " + candidates.size()
                    + " candidate labels alone take " + base + " tokens, over the input budget of " + maxTokens);
        }
        int special = count("");
        int r0 = maxTokens - base;
        // Planning: each item's overhead (its format around the text, measured as the second of two empty items)
        // and its text's length; each section's header (what its first item costs beyond the overhead).
        int nItems = nb.size() + pr.size();
        int[] len = new int[nItems];
        int[] over = new int[nItems];
        int[] header = new int[2];
        if (!nb.isEmpty()) {
            int one = count(template.render("", List.of(""), List.of(), candidates));
            int two = count(template.render("", List.of("", ""), List.of(), candidates));
            header[0] = Math.max(0, one - base - (two - one));
            for (int i = 0; i < nb.size(); i++) {
                len[i] = tokens(nb.get(i), special);
                over[i] = two - one;
            }
        }
        if (!pr.isEmpty()) {
            LabeledText first = new LabeledText("", pr.get(0).label());
            int one = count(template.render("", List.of(), List.of(first), candidates));
            for (int i = 0; i < pr.size(); i++) {
                int two = count(template.render("", List.of(),
                        List.of(first, new LabeledText("", pr.get(i).label())), candidates));
                len[nb.size() + i] = tokens(pr.get(i).text(), special);
                over[nb.size() + i] = two - one;
            }
            header[1] = Math.max(0, one - base - over[nb.size()]);
        }
        long demand = header[0] + header[1];
        for (int i = 0; i < nItems; i++) {
            demand += over[i] + len[i];
        }
        int tgtLen = tokens(tgt, special);
        int targetCap = nItems == 0 ? r0 : (int) Math.max(Math.floor(targetShare * r0), r0 - demand);
        boolean truncated = false;
        String tgtText = tgt;
        if (tgtLen > targetCap) {
            tgtText = cut(tgt, targetCap, special);
            truncated = true;
        }
        int room = r0 - tokens(tgtText, special);
        while (true) {
            List<String> keptNb = new ArrayList<>();
            List<LabeledText> keptPr = new ArrayList<>();
            boolean cutItems = allocate(nb, pr, len, over, header, room, special, keptNb, keptPr);
            String text = template.render(tgtText, keptNb, keptPr, candidates);
            int count = count(text);
            if (count <= maxTokens) {
                return new Prompt(text, count, keptNb.size(), keptPr.size(), truncated || cutItems);
            }
            // Over budget (a subword tokenizer counting a joined text differently): shrink by the excess and retry.
            int excess = count - maxTokens;
            if (!keptNb.isEmpty() || !keptPr.isEmpty()) {
                room -= excess;
            } else {
                int now = tokens(tgtText, special);
                tgtText = cut(tgtText, Math.max(0, now - excess), special);
                truncated = true;
                room = r0 - tokens(tgtText, special);
                if (tgtText.isEmpty() && room <= 0) {
                    room = 0;
                }
            }
        }
    }

    /** Water-fills {@code room} tokens over the items; returns whether any item was cut or dropped. */
    private boolean allocate(List<String> nb, List<LabeledText> pr, int[] len, int[] over, int[] header, int room,
            int special, List<String> keptNb, List<LabeledText> keptPr) {
        int nbCount = nb.size();
        int active = len.length;
        int maxLen = 0;
        for (int l : len) {
            maxLen = Math.max(maxLen, l);
        }
        int cap = -1;
        while (active > 0) {
            if (cost(len, over, header, nbCount, active, maxLen) <= room) {
                cap = maxLen;
                break;
            }
            int lo = -1;
            int hi = maxLen;
            while (lo < hi) { // largest c in [-1, maxLen] with cost(c) <= room (cost(-1) treated as fitting)
                int mid = (lo + hi + 1) >>> 1;
                if (cost(len, over, header, nbCount, active, mid) <= room) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            if (lo >= minItemTokens) {
                cap = lo;
                break;
            }
            active--;
        }
        boolean changed = active < len.length;
        for (int i = 0; i < active; i++) {
            boolean isNb = i < nb.size();
            String text = isNb ? nb.get(i) : pr.get(i - nb.size()).text();
            String kept = text;
            if (len[i] > cap) {
                kept = cut(text, cap, special);
                changed = true;
            }
            if (kept.isEmpty() && !text.isEmpty()) {
                continue;
            }
            if (isNb) {
                keptNb.add(kept);
            } else {
                keptPr.add(new LabeledText(kept, pr.get(i - nb.size()).label()));
            }
        }
        return changed;
    }

    private static long cost(int[] len, int[] over, int[] header, int nbCount, int active, int cap) {
        long c = (nbCount > 0 && active > 0 ? header[0] : 0) + (active > nbCount ? header[1] : 0);
        for (int i = 0; i < active; i++) {
            c += over[i] + Math.min(len[i], Math.max(cap, 0));
        }
        return c;
    }

    private int tokens(String text, int special) {
        return text.isEmpty() ? 0 : count(text) - special;
    }

    /** The longest prefix of whole words of {@code text} with at most {@code budget} tokens ("" if none). */
    private String cut(String text, int budget, int special) {
        if (budget <= 0 || text.isEmpty()) {
            return "";
        }
        if (tokens(text, special) <= budget) {
            return text;
        }
        if (cacheSize == 0) {
            return cutWords(text, budget, special);
        }
        String key = budget + " " + text;
        String kept = cuts.get(key);
        if (kept == null) {
            kept = cutWords(text, budget, special);
            cuts.put(key, kept);
        }
        return kept;
    }

    private String cutWords(String text, int budget, int special) {
        List<Integer> endList = new ArrayList<>(); // end offsets of words (text is cleaned: single spaces)
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ' ') {
                endList.add(i);
            }
        }
        endList.add(text.length());
        int[] ends = endList.stream().mapToInt(Integer::intValue).toArray();
        // The largest w with tokens(first w words) <= budget, found on the prefix counts of one encoding, then
        // checked with two real counts (w fits, w + 1 does not); should the estimate be off (a pre-tokenizer that
        // does not split at spaces), a binary search on real counts decides, as it always did before.
        int[] est = counter.prefixCounts(text, ends);
        int guess = 0;
        while (guess < ends.length && est[guess] - special <= budget) {
            guess++;
        }
        if ((guess == 0 || prefixTokens(text, ends, guess, special) <= budget)
                && (guess == ends.length || prefixTokens(text, ends, guess + 1, special) > budget)) {
            return guess == 0 ? "" : text.substring(0, ends[guess - 1]);
        }
        int lo = 0;
        int hi = ends.length;
        while (lo < hi) { // largest w with tokens(first w words) <= budget
            int mid = (lo + hi + 1) >>> 1;
            if (prefixTokens(text, ends, mid, special) <= budget) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo == 0 ? "" : text.substring(0, ends[lo - 1]);
    }

    private int prefixTokens(String text, int[] ends, int words, int special) {
        return tokens(text.substring(0, ends[words - 1]), special);
    }

    /** Builds a {@link PromptBuilder}. */
    public static final class Builder {
        private PromptTemplate template;
        private TokenCounter counter;
        private int maxTokens = DEFAULT_MAX_TOKENS;
        private double targetShare = DEFAULT_TARGET_SHARE;
        private int minItemTokens = DEFAULT_MIN_ITEM_TOKENS;
        private int countCache = DEFAULT_COUNT_CACHE;

        private Builder() {
        }

        /**
         * @param t the template (required)
         * @return this
         */
        public Builder setTemplate(PromptTemplate t) {
            this.template = Objects.requireNonNull(t, "template");
            return this;
        }

        /**
         * @param c the model's tokenizer (required)
         * @return this
         */
        public Builder setTokenCounter(TokenCounter c) {
            this.counter = Objects.requireNonNull(c, "counter");
            return this;
        }

        /**
         * @param n B, the budget in tokens, special tokens included (default {@value PromptBuilder#DEFAULT_MAX_TOKENS})
         * @return this
         */
        public Builder optMaxTokens(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("max tokens must be >= 1, got " + n);
            }
            this.maxTokens = n;
            return this;
        }

        /**
         * @param share fraction of the free budget the target may always take, in [0, 1] (default
         *     {@value PromptBuilder#DEFAULT_TARGET_SHARE})
         * @return this
         */
        public Builder optTargetShare(double share) {
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("target share must be in [0, 1], got " + share);
            }
            this.targetShare = share;
            return this;
        }

        /**
         * @param n least tokens of text a kept item has, unless it is shorter whole (default
         *     {@value PromptBuilder#DEFAULT_MIN_ITEM_TOKENS})
         * @return this
         */
        public Builder optMinItemTokens(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("min item tokens must be >= 1, got " + n);
            }
            this.minItemTokens = n;
            return this;
        }

        /**
         * @param n most strings whose token counts are memoised, 0 for none (default
         *     {@value PromptBuilder#DEFAULT_COUNT_CACHE}); prompts do not depend on it, only the speed
         * @return this
         */
        public Builder optCountCache(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("count cache must be >= 0, got " + n);
            }
            this.countCache = n;
            return this;
        }

        /** @return the builder */
        public PromptBuilder build() {
            if (template == null || counter == null) {
                throw new IllegalStateException("setTemplate and setTokenCounter are required");
            }
            return new PromptBuilder(this);
        }
    }
}
