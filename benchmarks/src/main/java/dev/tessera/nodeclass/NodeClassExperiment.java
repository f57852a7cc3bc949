package dev.tessera.nodeclass;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tessera.cli.output.Json;
import dev.tessera.cli.output.RunEnvironment;
import dev.tessera.graph.GraphDataset;
import dev.tessera.graph.Split;
import dev.tessera.progress.Progress;
import dev.tessera.train.RunResult;
import dev.tessera.train.SeedRuns;
import dev.tessera.train.TrainConfig;
import dev.tessera.train.TrainListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One node-classification experiment: a model trained K times (seeds S..S+K-1) on each selected split of a dataset
 * with the shared training loop ({@link SeedRuns}), each run reporting the test metric of its best-validation
 * weights. The full configuration (model, training, dataset provenance, splits, seeds) is recorded with the results.
 *
 * @param dataset the dataset, already transformed
 * @param model the model's provider
 * @param settings the user's model options
 * @param training the training configuration (its seed and checkpoint folder are set per run)
 * @param splits the splits to run
 * @param seeds K, runs per split
 * @param firstSeed S
 * @param resume whether runs continue from the checkpoints under the configuration's checkpoint folder
 */
public record NodeClassExperiment(GraphDataset dataset, ModelProvider model, ModelSettings settings,
        TrainConfig training, SplitSelection splits, int seeds, int firstSeed, boolean resume) {

    /**
     * @param progress one task per run (a bar with epochs, loss and metrics)
     * @return every run and the summary
     */
    public ExperimentResult run(Progress progress) {
        String modelName = model.names().get(0);
        int[] seedList = new int[seeds];
        for (int i = 0; i < seeds; i++) {
            seedList[i] = firstSeed + i;
        }
        long t0 = System.nanoTime();
        List<RunRecord> runs = new ArrayList<>();
        for (String splitName : splits.names()) {
            Split split = dataset.split(splitName);
            TrainConfig.Builder b = training.toBuilder();
            Path ckpt = training.checkpointDir();
            if (ckpt != null) {
                Path dir = ckpt.resolve(splitName);
                b.optCheckpoints(dir, training.checkpointEvery());
                b.optResume(resume ? dir : null);
            }
            SeedRuns.Summary s = SeedRuns.run(seed -> model.build(dataset, settings, seed), seedList,
                    dataset.labels(), split, dataset.metric(), b.build(),
                    seed -> TrainListener.progress(progress, dataset.name() + " " + modelName + " " + splitName
                            + " seed " + seed));
            for (RunResult r : s.runs()) {
                runs.add(new RunRecord(splitName, r));
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new ExperimentResult(dataset.name(), splits.label(), modelName, dataset.metric().id(), seeds, runs,
                seconds, config(seedList));
    }

    /** The configuration recorded beside the results. */
    private ObjectNode config(int[] seedList) {
        ObjectNode c = Json.object();
        c.set("model", model.config(dataset, settings));
        ObjectNode t = c.putObject("training");
        for (Map.Entry<String, Object> e : training.toMap().entrySet()) {
            if (!e.getKey().equals("seed")) {
                t.set(e.getKey(), Json.MAPPER.valueToTree(e.getValue()));
            }
        }
        ObjectNode d = c.putObject("dataset");
        d.put("name", dataset.name());
        d.put("nodes", dataset.numNodes());
        d.put("edges", dataset.graph().numEdges());
        d.put("features", dataset.numFeatures());
        d.put("classes", dataset.numClasses());
        d.set("provenance", Json.MAPPER.valueToTree(dataset.provenance()));
        ArrayNode sp = c.putArray("splits");
        splits.names().forEach(sp::add);
        ArrayNode se = c.putArray("seed_values");
        for (int s : seedList) {
            se.add(s);
        }
        c.set("environment", RunEnvironment.toJson());
        return c;
    }
}
