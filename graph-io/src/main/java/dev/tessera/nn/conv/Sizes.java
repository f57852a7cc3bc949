package dev.tessera.nn.conv;

/** Checks of layer builder sizes, shared by the layers of this package. */
final class Sizes {
    private Sizes() {
    }

    static void check(String layer, int inputSize, int outputSize) {
        if (inputSize <= 0) {
            throw new IllegalArgumentException(layer + ": input size must be set and positive, got " + inputSize);
        }
        if (outputSize <= 0) {
            throw new IllegalArgumentException(layer + ": output size must be set and positive, got " + outputSize);
        }
    }
}
