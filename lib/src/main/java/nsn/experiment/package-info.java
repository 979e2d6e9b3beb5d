/**
 * One class per paper experiment, each with an immutable config record (small, paper and smoke presets) and a
 * {@code run(config)} entry that the CLI, JShell and the notebooks all call:
 * {@link nsn.experiment.QuickstartExperiment} (pretraining and linear probe against a random-init baseline),
 * {@link nsn.experiment.NegativeSamplesFigure} (Figure 1), {@link nsn.experiment.Table1Experiment} (§3.1),
 * {@link nsn.experiment.Table2Experiment} (§3.2, ImageNet-1K), {@link nsn.experiment.ColorShortcutExperiment}
 * (§3.3), {@link nsn.experiment.QueueSizeExperiment} (§3.4),
 * {@link nsn.experiment.ShapeBiasExperiment} (§4.1, Fig. 6a–b), {@link nsn.experiment.AlphaSweepExperiment} (§4.1,
 * Fig. 6) and {@link nsn.experiment.ClassTextureExperiment} (§4.2); §2.4's hardness is
 * {@link nsn.experiment.HardnessExperiment}.
 *
 * <p>The three tables share {@link nsn.experiment.Comparison}: named {@link nsn.experiment.Arm arms} × seeds, each
 * pretrained into its own resumable run folder and linear-probed in domain and on the
 * {@link nsn.experiment.OodSet out-of-domain sets}, aggregated into mean ± sample std over seeds
 * ({@link nsn.experiment.SeedStats}); {@link nsn.experiment.GridConfig} holds what a grid shares. Shared plumbing —
 * datasets by name ({@link nsn.experiment.DatasetSpec}), device choice and seeded subsets
 * ({@link nsn.experiment.Experiments}) — lives alongside.
 *
 * <p>{@link nsn.experiment.Section} lists the paper's sections (paper §, title, batch subcommand) and runs each at a
 * preset into one output folder; {@link nsn.experiment.Reproduction} runs several in dependency order with a
 * {@code reproduce.json} summary ({@code nsn reproduce}).
 */
package nsn.experiment;
