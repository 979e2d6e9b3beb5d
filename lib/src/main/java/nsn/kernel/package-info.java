/**
 * nsn's Java kernel for Jupyter: {@code java -jar nsn.jar kernel CONNECTION_FILE}, installed as the kernel spec
 * {@code kernelspec/nsn} ("Java (nsn)").
 *
 * <p>The Jupyter protocol (ZeroMQ channels, message signing, stream capture, the magic registry and the renderer)
 * comes from JJava's {@code jjava-jupyter} library; this package adds the language side:
 * <ul>
 *   <li>{@link nsn.kernel.JavaEvaluator} runs cells with {@code jdk.jshell} <em>in the kernel's JVM</em>
 *       ({@link nsn.kernel.CellExecutionControl}), so the value of a cell's last expression is the real object —
 *       a {@code BufferedImage}, an XChart chart or a Tablesaw table — and is rendered as PNG or HTML
 *       ({@link nsn.kernel.Renderers}). It splits a cell into snippets, maps compile errors and stack frames back to
 *       the cell's line numbers, completes, judges completeness, and stops a running cell on an interrupt
 *       request.</li>
 *   <li>{@link nsn.kernel.Magics} reads line magics; {@code %jars} (and {@code %classpath}) add jars to the class
 *       path as IJava does, so notebooks need nothing but plain Java and {@code %jars}. The environment variables
 *       {@code NSN_KERNEL_CLASSPATH} and {@code IJAVA_CLASSPATH} add jars at start.</li>
 *   <li>{@link nsn.kernel.NsnKernel} joins both to JJava's {@code BaseKernel}, with a cell's output published in
 *       batches ({@link nsn.kernel.CellStream}); {@link nsn.kernel.KernelLauncher} reads the connection file, serves
 *       until a shutdown request, and exits.</li>
 * </ul>
 */
package nsn.kernel;
