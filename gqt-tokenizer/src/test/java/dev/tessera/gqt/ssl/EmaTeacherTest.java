package dev.tessera.gqt.ssl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.ConstantInitializer;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmaTeacherTest {
    private static Parameter param(NDManager m, float value) {
        Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).optShape(new Shape(3))
            .optInitializer(new ConstantInitializer(value)).build();
        p.initialize(m, DataType.FLOAT32);
        return p;
    }

    @Test
    void teacherStartsAsTheStudentAndMovesByTheMomentumFormula() {
        try (NDManager m = NDManager.newBaseManager()) {
            Parameter s = param(m, 1f);
            Parameter t = param(m, -7f);
            EmaTeacher ema = new EmaTeacher(List.of(s), List.of(t), 0.9);
            assertArrayEquals(new float[] {1, 1, 1}, t.getArray().toFloatArray());
            s.getArray().set(new float[] {11, 1, -9});
            ema.update();
            // 0.9·1 + 0.1·s
            assertArrayEquals(new float[] {2f, 1f, 0f}, t.getArray().toFloatArray(), 1e-6f);
            ema.update();
            assertArrayEquals(new float[] {0.9f * 2 + 1.1f, 1f, -0.9f}, t.getArray().toFloatArray(), 1e-6f);
        }
    }
}
