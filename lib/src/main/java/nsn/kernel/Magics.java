package nsn.kernel;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dflib.jjava.jupyter.kernel.util.PathsHandler;

/**
 * Line magics in cells, as IJava writes them: a line that starts with {@code %name} (in column 0) runs the magic
 * {@code name} with the rest of the line as arguments (space separated, double quotes group). A cell is read as
 * {@link Segment}s — runs of Java lines and magic lines — in order, so {@code %jars} before the code that needs the
 * jar works in the same cell. A first line {@code %%name args} makes the whole cell a cell magic.
 */
public final class Magics {

    private static final Pattern LINE_MAGIC = Pattern.compile("^%(\\w[\\w-]*)(.*)$");
    private static final Pattern CELL_MAGIC = Pattern.compile("^%%(\\w[\\w-]*)(.*)$");

    private Magics() {}

    /** A part of a cell: Java code, a line magic, or a cell magic (the whole cell). */
    public record Segment(Kind kind, String name, List<String> args, String text, int firstLine) {
        /** What a segment is. */
        public enum Kind { CODE, LINE_MAGIC, CELL_MAGIC }
    }

    /**
     * Splits a cell into code runs and magics. Code segments keep their text as is (blank lines included) and
     * their first line, so errors can name the cell's line numbers.
     */
    public static List<Segment> segments(String cell) {
        String[] lines = cell.split("\\R", -1);
        List<Segment> out = new ArrayList<>();
        if (lines.length > 0) {
            Matcher m = CELL_MAGIC.matcher(lines[0]);
            if (m.matches()) {
                String body = String.join("\n", List.of(lines).subList(1, lines.length));
                out.add(new Segment(Segment.Kind.CELL_MAGIC, m.group(1), splitArgs(m.group(2)), body, 1));
                return out;
            }
        }
        StringBuilder code = new StringBuilder();
        int codeStart = 0;
        for (int i = 0; i < lines.length; i++) {
            Matcher m = LINE_MAGIC.matcher(lines[i]);
            if (m.matches()) {
                if (!code.toString().isBlank()) {
                    out.add(new Segment(Segment.Kind.CODE, null, List.of(), code.toString(), codeStart));
                }
                code.setLength(0);
                codeStart = i + 1;
                out.add(new Segment(Segment.Kind.LINE_MAGIC, m.group(1), splitArgs(m.group(2)), lines[i], i));
            } else {
                code.append(lines[i]);
                if (i < lines.length - 1) {
                    code.append('\n');
                }
            }
        }
        if (!code.toString().isBlank()) {
            out.add(new Segment(Segment.Kind.CODE, null, List.of(), code.toString(), codeStart));
        }
        return out;
    }

    /** The cell with each magic line blanked to spaces, so offsets still match (for completion and analysis). */
    public static String mask(String cell) {
        StringBuilder out = new StringBuilder(cell.length());
        int lineStart = 0;
        boolean first = true;
        while (lineStart <= cell.length()) {
            int nl = cell.indexOf('\n', lineStart);
            int end = nl < 0 ? cell.length() : nl;
            String line = cell.substring(lineStart, end);
            boolean magic = LINE_MAGIC.matcher(line).matches() || (first && CELL_MAGIC.matcher(line).matches());
            out.append(magic ? " ".repeat(line.length()) : line);
            if (nl < 0) {
                break;
            }
            out.append('\n');
            lineStart = nl + 1;
            first = false;
        }
        return out.toString();
    }

    /** Arguments of a magic: split at spaces and tabs; double quotes group, a backslash escapes. */
    public static List<String> splitArgs(String s) {
        List<String> args = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean escaped = false;
        boolean any = false;
        for (char c : s.strip().toCharArray()) {
            if (escaped) {
                cur.append(c);
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
                any = true;
            } else if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if ((c == ' ' || c == '\t') && !quoted) {
                if (any) {
                    args.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (any) {
            args.add(cur.toString());
        }
        return args;
    }

    /**
     * The files an argument of {@code %jars} names: paths separated by the platform's path separator, each a file,
     * a folder or a glob ({@code lib/*.jar}); relative to the working directory (the notebook's folder).
     *
     * @throws IllegalArgumentException naming a path or glob that matches nothing
     */
    public static List<Path> resolveJars(String arg) {
        List<Path> out = new ArrayList<>();
        for (String part : arg.split(File.pathSeparator)) {
            if (part.isBlank()) {
                continue;
            }
            List<Path> matched;
            try {
                matched = PathsHandler.resolveGlobs(part.strip());
            } catch (RuntimeException e) {
                matched = List.of(); // a folder of the glob does not exist
            }
            if (matched.isEmpty()) {
                throw new IllegalArgumentException("no jar or folder matches '" + part.strip()
                        + "' (relative paths start at " + Path.of("").toAbsolutePath() + ")");
            }
            out.addAll(matched);
        }
        return out;
    }
}
