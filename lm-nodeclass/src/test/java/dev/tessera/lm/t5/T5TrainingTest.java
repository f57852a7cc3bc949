package dev.tessera.lm.t5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.tessera.train.Adam;
import dev.tessera.train.TrainConfig;
import org.junit.jupiter.api.Test;

/** Teacher-forced fine-tuning through autograd: Adam steps on a tiny random T5 lower the loss on a fixed batch. */
class T5TrainingTest {
    @Test
    void adamStepsLowerTheTeacherForcedLoss() {
        T5Config c = T5TestModels.tiny(16);
        try (NDManager m = NDManager.newBaseManager(); T5Model model = T5Model.random(c, m, 3)) {
            NDArray ids = m.create(new long[] {5, 6, 7, 1, 8, 9, 1, 0}, new Shape(2, 4));
            NDArray mask = m.create(new long[] {1, 1, 1, 1, 1, 1, 1, 0}, new Shape(2, 4));
            NDArray labels = m.create(new long[] {10, 11, 1, 12, 1, -100}, new Shape(2, 3));
            int managed = -1;
            try (Adam adam = new Adam(model.trainableParameters(), TrainConfig.Optimizer.ADAM, 0.9, 0.999, 1e-8, 0, m)) {
                float first = Float.NaN;
                float last = Float.NaN;
                for (int step = 0; step < 8; step++) {
                    try (NDManager call = m.newSubManager()) {
                        NDArray x = ids.duplicate();
                        x.attach(call);
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray loss = model.loss(x, mask, labels, -100);
                            last = loss.getFloat();
                            if (step == 0) {
                                first = last;
                            }
                            gc.backward(loss);
                        }
                        adam.step(1e-2);
                    }
                    int now = m.getManagedArrays().size();
                    if (managed >= 0) {
                        assertEquals(managed, now, "arrays left behind by step " + step);
                    }
                    managed = now;
                }
                assertTrue(last < 0.8f * first, "loss " + first + " -> " + last);
            }
        }
    }
}
