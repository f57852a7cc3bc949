package dev.tessera.cli.output;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.djl.EngineThreads;

/**
 * What a run records about the machine beside its configuration: results depend on the engine's thread count (see
 * {@link EngineThreads}), and times on the cores.
 */
public final class RunEnvironment {
    private RunEnvironment() {
    }

    /** @return {@code {"java","os","cpus","engine_threads"}} */
    public static ObjectNode toJson() {
        ObjectNode env = Json.object();
        env.put("java", Runtime.version().toString());
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        env.put("cpus", Runtime.getRuntime().availableProcessors());
        env.put("engine_threads", EngineThreads.setting());
        return env;
    }
}
