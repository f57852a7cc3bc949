package dev.tessera.gqt.ssl;

import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * The exponential-moving-average teacher of BGRL (Thakoor et al., ICLR 2022) and GraphMAE2: after every optimizer
 * step each teacher parameter moves towards its student twin,
 *
 * <pre>  θ_teacher ← m·θ_teacher + (1 − m)·θ_student</pre>
 *
 * with momentum m (reference GQT: 0.996). The update runs on the host (float arrays): the tensors are small and it
 * keeps the teacher out of the autograd graph and of the parameters' manager.
 */
public final class EmaTeacher {
    /** The reference momentum. */
    public static final double DEFAULT_MOMENTUM = 0.996;

    private final List<Parameter> student;
    private final List<Parameter> teacher;
    private final double momentum;

    /**
     * Pairs the parameters in order and copies the student's values into the teacher.
     *
     * @param student  the student's parameters, initialized
     * @param teacher  the teacher's parameters, initialized, same shapes in the same order
     * @param momentum m in [0, 1]
     */
    public EmaTeacher(List<Parameter> student, List<Parameter> teacher, double momentum) {
        if (student.size() != teacher.size()) {
            throw new IllegalArgumentException("student has " + student.size() + " parameters, teacher "
                + teacher.size());
        }
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("momentum " + momentum + " is not in [0, 1]");
        }
        for (int i = 0; i < student.size(); i++) {
            if (!student.get(i).getArray().getShape().equals(teacher.get(i).getArray().getShape())) {
                throw new IllegalArgumentException("parameter " + i + ": student " + student.get(i).getArray().getShape()
                    + ", teacher " + teacher.get(i).getArray().getShape());
            }
        }
        this.student = new ArrayList<>(student);
        this.teacher = new ArrayList<>(teacher);
        this.momentum = momentum;
        for (int i = 0; i < student.size(); i++) {
            teacher.get(i).getArray().set(student.get(i).getArray().toFloatArray());
        }
    }

    /** One EMA step of every teacher parameter towards the student's current values. */
    public void update() {
        float m = (float) momentum;
        for (int i = 0; i < student.size(); i++) {
            float[] s = student.get(i).getArray().toFloatArray();
            float[] t = teacher.get(i).getArray().toFloatArray();
            for (int j = 0; j < t.length; j++) {
                t[j] = m * t[j] + (1 - m) * s[j];
            }
            teacher.get(i).getArray().set(t);
        }
    }

    /** @return m */
    public double momentum() {
        return momentum;
    }
}
