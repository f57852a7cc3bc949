package dev.tessera.gqt.encoder;

import dev.tessera.TesseraException;
import java.util.Locale;

/** The nonlinearity after each encoder layer's LayerNorm. */
public enum EncoderActivation {
    /** {@code max(0, x) + a·min(0, x)} with one learned slope a per layer, initialized to 0.25 (PyTorch's PReLU). */
    PRELU,
    /** {@code x·Φ(x)}. */
    GELU;

    /**
     * @param name {@code prelu} or {@code gelu}, any case
     * @return the activation
     * @throws TesseraException for another name
     */
    public static EncoderActivation parse(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "prelu" -> PRELU;
            case "gelu" -> GELU;
            default -> throw new TesseraException("unknown activation '" + name + "' (expected prelu, gelu)");
        };
    }
}
