/**
 * What a run leaves behind and shows: its output folder ({@link nsn.report.RunDirectory}) with
 * {@code provenance.json}, {@code metrics.csv} and {@code results.json}, written atomically; the provenance
 * record itself; and the console progress bar. Tables and charts join here in later issues.
 */
package nsn.report;
