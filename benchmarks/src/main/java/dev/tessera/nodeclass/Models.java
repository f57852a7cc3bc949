package dev.tessera.nodeclass;

import dev.tessera.TesseraException;
import dev.tessera.nn.models.ConvType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every node classifier the command line knows. Adding a method is one {@link ModelProvider} and one line here.
 */
public final class Models {
    private static final List<ModelProvider> PROVIDERS = List.of(
            new GnnModels(ConvType.MLP),
            new GnnModels(ConvType.GCN),
            new GnnModels(ConvType.SAGE),
            new GnnModels(ConvType.GAT),
            new GecoModels(),
            new GqtModels());

    private Models() {
    }

    /** @return the providers, in the order help texts list them */
    public static List<ModelProvider> all() {
        return PROVIDERS;
    }

    /** @return every model's primary name */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (ModelProvider p : PROVIDERS) {
            names.add(p.names().get(0));
        }
        return names;
    }

    /**
     * @param name a model name, any case
     * @return its provider
     * @throws TesseraException naming {@code --model} when no model has that name
     */
    public static ModelProvider byName(String name) {
        return byName(name, "--model");
    }

    /**
     * @param name a model name, any case
     * @param option the option that gave the name, for the error message
     * @return its provider
     * @throws TesseraException naming the option when no model has that name
     */
    public static ModelProvider byName(String name, String option) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (ModelProvider p : PROVIDERS) {
            if (p.names().contains(n)) {
                return p;
            }
        }
        throw new TesseraException(option + ": unknown model '" + name + "' (known: " + String.join(", ", names()) + ")");
    }
}
