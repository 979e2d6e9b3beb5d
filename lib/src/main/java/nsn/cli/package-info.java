/**
 * The command line of the jar ({@code java -jar lib/target/nsn.jar}): picocli commands that map flags onto the
 * experiments' config records and call the same {@code run} entries as JShell and the notebooks.
 */
package nsn.cli;
