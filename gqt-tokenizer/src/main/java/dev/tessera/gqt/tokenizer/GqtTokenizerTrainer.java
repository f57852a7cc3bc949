package dev.tessera.gqt.tokenizer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.tessera.TesseraException;
import dev.tessera.djl.GraphTensors;
import dev.tessera.djl.Scalars;
import dev.tessera.gqt.encoder.EncoderInput;
import dev.tessera.gqt.encoder.GqtEncoder;
import dev.tessera.gqt.rvq.RvqOutput;
import dev.tessera.gqt.ssl.EmaTeacher;
import dev.tessera.gqt.ssl.SslLosses;
import dev.tessera.graph.GraphDataset;
import dev.tessera.nn.GraphContext;
import dev.tessera.progress.Progress;
import dev.tessera.train.Adam;
import dev.tessera.train.TrainConfig;
import dev.tessera.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Trains a {@link GqtTokenizer} full batch. One step per epoch e:
 *
 * <ol>
 *   <li>The engine's generator (dropout) is seeded from (seed, e); the masks and the permutation come from a
 *       {@link SplittableRandom} seeded once from the seed, so a run is deterministic given the seed.</li>
 *   <li>Teacher (distillation on): {@code T = sg(teacher(G, X ⊙ c))}, c zeroing a share of the feature columns, no
 *       dropout. Edges are not dropped: the graph's propagation operators are cached per graph, and a new graph per
 *       step would rebuild them (the reference drops edges only on its ogbn path).</li>
 *   <li>Clean view: {@code Z = enc(G, X)}, {@code (Z_q, L_commit) = RVQ(Z)} with codebook update: the only
 *       updating call of the step, so the codebooks follow clean embeddings only (the reference also updated them
 *       from the DGI-corrupted view). {@code Z_q} carries the straight-through gradient to the encoder.</li>
 *   <li>DGI: negatives {@code RVQ(enc(G, X[π]))} with frozen codebooks, π a random permutation;
 *       {@code L_dgi = DGI(Z_q, Z̃_q, W)} ({@link SslLosses#dgi}).</li>
 *   <li>Masked view (reconstruction or distillation on): a share {@code maskRate} of the nodes, set M, get the
 *       [MASK] token as input; {@code H = RVQ(enc(G, X̃))} with frozen codebooks.
 *       <ul>
 *         <li>reconstruction: {@code H' = encToDec(H)}; for each of r rounds a fresh random share
 *             {@code remaskRate} of all nodes gets the re-mask token, {@code X̂ = dec(G, H'_r)};
 *             {@code L_rec = mean_r SCE_γ(X̂[M], X[M])} (GraphMAE2's random re-masking; the reference sums the
 *             rounds, the mean keeps the weight independent of r);</li>
 *         <li>distillation: {@code L_bgrl = mean_i (1 − cos(pred(H)_i, T_i))} over all nodes.</li>
 *       </ul></li>
 *   <li>{@code L = w_dgi·L_dgi + w_rec·L_rec + w_bgrl·L_bgrl + L_commit} (β inside L_commit); AdamW step; then the
 *       teacher's EMA step.</li>
 * </ol>
 */
public final class GqtTokenizerTrainer {
    /** AdamW's first-moment decay. */
    public static final double BETA1 = 0.9;
    /** AdamW's second-moment decay. */
    public static final double BETA2 = 0.999;
    /** AdamW's ε. */
    public static final double EPS = 1e-8;

    private GqtTokenizerTrainer() {}

    /**
     * The trained tokenizer and its history.
     *
     * @param tokenizer the tokenizer (close it)
     * @param history   one entry per epoch
     * @param seconds   wall time of the training
     */
    public record Result(GqtTokenizer tokenizer, List<EpochLog> history, double seconds) {}

    /**
     * Trains a tokenizer on a dataset's graph and features.
     *
     * @param dataset  the graph (features required)
     * @param config   the configuration
     * @param manager  where the tokenizer's parameters live (a sub-manager is made)
     * @param progress shows the epochs (each one's {@link EpochLog#line()} as the message)
     * @param listener called after every epoch (may be null)
     * @throws TesseraException when the dataset has no features or too few nodes for the codebook
     */
    public static Result train(GraphDataset dataset, GqtConfig config, NDManager manager, Progress progress,
                               Consumer<EpochLog> listener) {
        int n = dataset.numNodes();
        int f = dataset.numFeatures();
        if (f == 0) {
            throw new TesseraException(dataset.name() + ": has no node features to tokenize");
        }
        int codes = config.codebookSizeFor(n);
        if (codes > n) {
            throw new TesseraException("--codebook: " + codes + " codes for " + n + " nodes (k-means needs at most one "
                + "code per node)");
        }
        long t0 = System.nanoTime();
        GqtTokenizer tokenizer = new GqtTokenizer(config, f, codes, manager);
        try (Step step = new Step(tokenizer, dataset)) {
            List<EpochLog> history = new ArrayList<>();
            try (Progress.Task task = progress.start("gqt " + dataset.name(), config.epochs(), "epochs")) {
                for (int epoch = 0; epoch < config.epochs(); epoch++) {
                    EpochLog log = step.run(epoch);
                    history.add(log);
                    task.message(log.line());
                    task.step(1);
                    if (listener != null) {
                        listener.accept(log);
                    }
                }
            }
            return new Result(tokenizer, List.copyOf(history), (System.nanoTime() - t0) / 1e9);
        } catch (RuntimeException | Error e) {
            tokenizer.close();
            throw e;
        }
    }

    /** The state kept across steps: graph tensors, optimizer, teacher. */
    private static final class Step implements AutoCloseable {
        private final GqtTokenizer tok;
        private final GqtNetwork net;
        private final GqtConfig config;
        private final NDManager data;
        private final GraphContext graph;
        private final NDArray x;
        private final EncoderInput input;
        private final int n;
        private final int f;
        private final Adam adam;
        private final ParameterStore store;
        private final Engine engine;
        private final SplittableRandom rng;
        private final GqtEncoder teacher;
        private final EmaTeacher ema;
        private final ParameterStore teacherStore;

        Step(GqtTokenizer tok, GraphDataset dataset) {
            this.tok = tok;
            this.net = tok.network();
            this.config = tok.config();
            this.data = tok.manager().newSubManager();
            this.graph = GraphContext.of(dataset.graph(), data);
            this.x = GraphTensors.features(data, dataset.features());
            this.input = EncoderInput.of(dataset.features(), x);
            this.n = dataset.numNodes();
            this.f = dataset.numFeatures();
            this.store = tok.store();
            this.engine = data.getEngine();
            this.rng = new SplittableRandom(config.seed());
            List<Parameter> trainable = new ArrayList<>(net.namedParameters().values());
            this.adam = new Adam(trainable, TrainConfig.Optimizer.ADAMW, BETA1, BETA2, EPS, config.weightDecay(), data);
            if (config.bgrlWeight() > 0) {
                teacher = GqtNetwork.newEncoder(config, f);
                teacher.initialize(data, DataType.FLOAT32, new Shape(1, f));
                ema = new EmaTeacher(new ArrayList<>(net.encoder().namedParameters().values()),
                    new ArrayList<>(teacher.namedParameters().values()), config.momentum());
                teacher.freezeParameters(true);
                teacherStore = new ParameterStore(data, false);
            } else {
                teacher = null;
                ema = null;
                teacherStore = null;
            }
        }

        EpochLog run(int epoch) {
            long t0 = System.nanoTime();
            engine.setRandomSeed(Trainer.epochSeed(config.seed(), epoch)); // as the node trainer
            double dgi = Double.NaN;
            double rec = Double.NaN;
            double bgrl = Double.NaN;
            double total;
            double commit;
            RvqOutput clean;
            try (NDManager m = data.newSubManager()) {
                // A per-step handle on the features: ops started from it land in m, not in the long-lived manager.
                NDArray x = this.x.duplicate();
                x.attach(m);
                NDArray target = null;
                if (teacher != null) {
                    float[] keep = new float[f];
                    for (int j = 0; j < f; j++) {
                        keep[j] = rng.nextDouble() < config.teacherFeatureMask() ? 0f : 1f;
                    }
                    target = teacher.forward(teacherStore, graph, input.columnsScaled(keep), m, false).stopGradient();
                    target.attach(m);
                }
                NDArray loss;
                NDArray lDgi = null;
                NDArray lRec = null;
                NDArray lBgrl = null;
                try (GradientCollector gc = engine.newGradientCollector()) {
                    NDArray z = net.encode(store, graph, input, m, true);
                    clean = tok.quantizer().quantize(z, true);
                    loss = clean.commitmentLoss();
                    if (config.dgiWeight() > 0) {
                        EncoderInput shuffled = input.permuted(permutation());
                        NDArray neg = tok.quantizer().quantize(net.encode(store, graph, shuffled, m, true), false,
                            false).output();
                        lDgi = SslLosses.dgi(clean.output(), neg, net.dgiWeight(store, z, true));
                        // Scalars, not mul(float): DJL frees a number operand that autograd still needs
                        loss = loss.add(lDgi.mul(Scalars.of(lDgi, config.dgiWeight())));
                    }
                    if (config.maeWeight() > 0 || teacher != null) {
                        int[] masked = sample(n, config.maskRate());
                        EncoderInput xm = input.masked(masked, net.maskToken(store, m, true));
                        NDArray h = tok.quantizer().quantize(net.encode(store, graph, xm, m, true), false, false)
                            .output();
                        if (config.maeWeight() > 0) {
                            NDArray hd = net.toDecoder(store, h, true);
                            NDArray idx = GraphTensors.nodeIds(m, masked);
                            NDArray xTarget = SslLosses.unit(x.get(new NDIndex("{}", idx)));
                            NDArray sum = null;
                            for (int r = 0; r < config.remaskRounds(); r++) {
                                NDArray remask = column(m, sample(n, config.remaskRate()));
                                NDArray xhat = net.decode(store, graph, hd, remask, idx, true);
                                NDArray sce = SslLosses.scaledCosineErrorToUnit(xhat, xTarget, config.sceGamma());
                                sum = sum == null ? sce : sum.add(sce);
                            }
                            lRec = sum.div(Scalars.of(sum, config.remaskRounds()));
                            loss = loss.add(lRec.mul(Scalars.of(lRec, config.maeWeight())));
                        }
                        if (teacher != null) {
                            lBgrl = SslLosses.cosineDistillation(net.predict(store, h, true), target);
                            loss = loss.add(lBgrl.mul(Scalars.of(lBgrl, config.bgrlWeight())));
                        }
                    }
                    gc.backward(loss);
                }
                total = loss.getFloat();
                commit = clean.commitmentLoss().getFloat();
                if (lDgi != null) {
                    dgi = lDgi.getFloat();
                }
                if (lRec != null) {
                    rec = lRec.getFloat();
                }
                if (lBgrl != null) {
                    bgrl = lBgrl.getFloat();
                }
                if (!Double.isFinite(total)) {
                    throw new TesseraException("tokenizer training diverged at epoch " + epoch + " (loss " + total
                        + "); try a lower learning rate");
                }
                adam.step(config.learningRate());
            }
            if (ema != null) {
                ema.update();
            }
            return new EpochLog(epoch, total, dgi, rec, bgrl, commit, clean.stats(), (System.nanoTime() - t0) / 1e6);
        }

        /** @return a uniformly random permutation of 0..n-1 */
        private int[] permutation() {
            int[] p = new int[n];
            for (int i = 0; i < n; i++) {
                p[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
            return p;
        }

        /** @return ⌈rate·n⌉ (at least 1) distinct nodes, in increasing order */
        private int[] sample(int n, double rate) {
            int k = Math.max(1, (int) Math.ceil(rate * n));
            if (rate == 0) {
                return new int[0];
            }
            int[] p = permutation();
            int[] s = java.util.Arrays.copyOf(p, k);
            java.util.Arrays.sort(s);
            return s;
        }

        /** @return float32 [n, 1], 1 at the given rows */
        private NDArray column(NDManager m, int[] rows) {
            float[] c = new float[n];
            for (int r : rows) {
                c[r] = 1f;
            }
            return m.create(c, new Shape(n, 1));
        }

        @Override
        public void close() {
            adam.close();
            graph.close();
            data.close();
        }
    }
}
