/**
 * One class per paper experiment, each with an immutable config record (small and paper presets) and a
 * {@code run(config)} entry that the CLI, JShell and the notebooks all call. Shared plumbing — datasets by
 * name, device choice, run folders with provenance — lives in {@link nsn.experiment.Experiments}.
 */
package nsn.experiment;
