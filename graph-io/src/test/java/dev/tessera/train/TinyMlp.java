package dev.tessera.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A node classifier for the trainer's tests, independent of the graph layers: dropout → linear → ReLU → dropout →
 * linear over each node's own features (or one linear layer when hidden = 0). Parameters are initialized from the
 * seed.
 */
final class TinyMlp implements NodeModel {
    private final NDManager manager = NDManager.newBaseManager();
    private final float[] features;
    private final int f;
    private final int classes;
    private final float dropout;
    private final List<Parameter> params = new ArrayList<>();

    TinyMlp(Data data, int hidden, int classes, float dropout, int seed) {
        this.features = data.features;
        this.f = data.f;
        this.classes = classes;
        this.dropout = dropout;
        Engine.getInstance().setRandomSeed(seed);
        if (hidden == 0) {
            add("w", Parameter.Type.WEIGHT, new Shape(classes, f), new NormalInitializer(0.3f));
            add("b", Parameter.Type.BIAS, new Shape(classes), Initializer.ZEROS);
        } else {
            add("w1", Parameter.Type.WEIGHT, new Shape(hidden, f), new NormalInitializer(0.3f));
            add("b1", Parameter.Type.BIAS, new Shape(hidden), Initializer.ZEROS);
            add("w2", Parameter.Type.WEIGHT, new Shape(classes, hidden), new NormalInitializer(0.3f));
            add("b2", Parameter.Type.BIAS, new Shape(classes), Initializer.ZEROS);
        }
    }

    private void add(String name, Parameter.Type type, Shape shape, Initializer init) {
        Parameter p = Parameter.builder().setName(name).setType(type).optShape(shape).optInitializer(init).build();
        p.initialize(manager, DataType.FLOAT32);
        params.add(p);
    }

    NDManager manager() {
        return manager;
    }

    @Override
    public List<Parameter> parameters() {
        return params;
    }

    @Override
    public NDArray logits(ParameterStore store, NDManager m, int[] nodes, boolean training) {
        float[] rows = new float[nodes.length * f];
        for (int i = 0; i < nodes.length; i++) {
            System.arraycopy(features, nodes[i] * f, rows, i * f, f);
        }
        NDArray x = m.create(rows, new Shape(nodes.length, f));
        if (dropout > 0) {
            x = Dropout.dropout(x, dropout, training).singletonOrThrow();
        }
        x = Linear.linear(x, value(store, m, 0, training), value(store, m, 1, training)).singletonOrThrow();
        if (params.size() == 4) {
            x = Activation.relu(x);
            if (dropout > 0) {
                x = Dropout.dropout(x, dropout, training).singletonOrThrow();
            }
            x = Linear.linear(x, value(store, m, 2, training), value(store, m, 3, training)).singletonOrThrow();
        }
        return x;
    }

    private NDArray value(ParameterStore store, NDManager m, int i, boolean training) {
        return store.getValue(params.get(i), m.getDevice(), training);
    }

    @Override
    public int numClasses() {
        return classes;
    }

    @Override
    public void close() {
        manager.close();
    }

    /** @return the current parameter values */
    float[][] snapshot() {
        float[][] out = new float[params.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = params.get(i).getArray().toFloatArray();
        }
        return out;
    }

    /**
     * Synthetic node data: labels cycle through C classes, features are the class's centre (a random point) plus
     * Gaussian noise; nodes 0..n/2 train, the next quarter validate, the last quarter test.
     */
    static final class Data {
        final int n;
        final int f;
        final float[] features;
        final int[] labels;
        final dev.tessera.graph.Split split;

        Data(int n, int f, int classes, double noise, long seed) {
            this.n = n;
            this.f = f;
            SplittableRandom r = new SplittableRandom(seed);
            float[][] centres = new float[classes][f];
            for (float[] c : centres) {
                for (int j = 0; j < f; j++) {
                    c[j] = (float) r.nextDouble(-1, 1);
                }
            }
            features = new float[n * f];
            labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = r.nextInt(classes);
                for (int j = 0; j < f; j++) {
                    features[i * f + j] = centres[labels[i]][j] + (float) (noise * gaussian(r));
                }
            }
            int a = n / 2;
            int b = a + n / 4;
            split = new dev.tessera.graph.Split("test", range(0, a), range(a, b), range(b, n));
        }

        private static double gaussian(SplittableRandom r) {
            return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
        }

        private static int[] range(int from, int to) {
            int[] a = new int[to - from];
            for (int i = 0; i < a.length; i++) {
                a[i] = from + i;
            }
            return a;
        }
    }
}
