package nsn.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.nio.file.Path;

/** The project's JSON settings: pretty-printed, records by component, paths as strings. */
public final class Json {

    private static final Gson GSON = new GsonBuilder()
            .setPrettyPrinting()
            .serializeSpecialFloatingPointValues()
            .disableHtmlEscaping()
            .registerTypeHierarchyAdapter(Path.class, new TypeAdapter<Path>() {
                @Override
                public void write(JsonWriter out, Path value) throws IOException {
                    if (value == null) {
                        out.nullValue();
                    } else {
                        out.value(value.toString());
                    }
                }

                @Override
                public Path read(JsonReader in) throws IOException {
                    return Path.of(in.nextString());
                }
            })
            .create();

    private Json() {}

    /** The shared Gson instance. */
    public static Gson gson() {
        return GSON;
    }

    /** Serialises a value (records included) as pretty JSON. */
    public static String write(Object value) {
        return GSON.toJson(value);
    }
}
