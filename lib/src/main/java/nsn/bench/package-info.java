/**
 * Throughput benchmarks run from the command line ({@code java -jar nsn.jar bench …}): each measures one piece of
 * nsn against a plain baseline on the same data and returns a typed result. Speed goals live here, never in timed
 * unit tests; measured figures go to {@code docs/BENCHMARKS.md} with the command that produced them. Also the
 * {@link nsn.bench.MemoryProbe} that reads resident set, heap and live NDArrays, so that tests can bound how memory
 * grows over a long training run.
 */
package nsn.bench;
