package nsn.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import nsn.TestData;
import nsn.data.ByteImage;
import nsn.data.DatasetFormatException;
import nsn.negatives.TextureNegatives;
import nsn.negatives.TextureSynthesisConfig;
import nsn.negatives.TextureSynthesizer;
import nsn.report.Tables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** Figure 1 on the real ImageNet sample images, with the smoke preset (2 images at 112 px). */
class NegativeSamplesFigureTest {

    @TempDir
    static Path out;

    static NegativeSamplesConfig config;
    static NegativeSamplesFigure.Result result;

    @BeforeAll
    static void drawTheSmokeFigure() {
        config = NegativeSamplesConfig.smoke().withImagesDir(TestData.imagenetSamplesDir()).withOutputDir(out);
        result = NegativeSamplesFigure.run(config);
    }

    @Test
    void figureHasARowPerImageAndAColumnPerView() {
        int size = config.outputSize();
        int columns = 4 + config.patchSizes().size();
        assertEquals(config.count(), result.rows().size());
        assertEquals(columns, result.columnTitles().size());
        assertEquals("(d) texture-based\nnegative", result.columnTitles().get(3));
        assertEquals("(e) patch-based\nd = 8", result.columnTitles().get(4));
        NegativeSamplesFigure.Layout layout = result.layout();
        assertEquals(new NegativeSamplesFigure.Layout(config.count(), columns, size, layout.headerHeight()), layout);
        assertTrue(layout.headerHeight() > 2 * 8, "room for two lines of titles: " + layout.headerHeight());
        BufferedImage figure = result.figure();
        assertEquals(NegativeSamplesFigure.MARGIN + columns * (size + NegativeSamplesFigure.MARGIN),
                figure.getWidth());
        assertEquals(layout.headerHeight() + NegativeSamplesFigure.MARGIN
                + config.count() * (size + NegativeSamplesFigure.MARGIN), figure.getHeight());
        for (int r = 0; r < result.rows().size(); r++) {
            NegativeSamplesFigure.Row row = result.rows().get(r);
            assertEquals(config.patchSizes().size(), row.patchNegatives().size());
            List<ByteImage> shown = new ArrayList<>(List.of(row.query(), row.key(), row.texture()));
            shown.addAll(row.patchNegatives());
            for (int c = 1; c < columns; c++) {
                ByteImage tile = shown.get(c - 1);
                assertEquals(3, tile.channels());
                assertEquals(size, tile.height());
                assertEquals(size, tile.width());
                assertTileShows(figure, layout.tile(r, c), tile, "row " + r + " column " + c);
            }
        }
    }

    private static void assertTileShows(BufferedImage figure, Rectangle tile, ByteImage image, String where) {
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                int rgb = figure.getRGB(tile.x + x, tile.y + y) & 0xFFFFFF;
                int expected = image.get(0, y, x) << 16 | image.get(1, y, x) << 8 | image.get(2, y, x);
                if (rgb != expected) {
                    throw new AssertionError(where + ": pixel (" + y + ", " + x + ") is " + Integer.toHexString(rgb)
                            + ", the image has " + Integer.toHexString(expected));
                }
            }
        }
    }

    @Test
    void rowsAreTheDecodedImagesSpreadOverTheFolder() throws Exception {
        List<Path> all;
        try (var files = Files.list(TestData.imagenetSamplesDir())) {
            all = files.filter(f -> f.toString().endsWith(".JPEG")).sorted().toList();
        }
        for (int r = 0; r < result.rows().size(); r++) {
            Path file = all.get(r * all.size() / config.count());
            NegativeSamplesFigure.Row row = result.rows().get(r);
            assertEquals(file.getFileName().toString(), row.name() + ".JPEG");
            assertEquals(ByteImage.of(ImageIO.read(file.toFile())), row.input());
        }
    }

    @Test
    void textureColumnIsTheTextureNegativeOfTheInput() {
        TextureNegatives textures = new TextureNegatives(new TextureSynthesizer(config.texture()));
        for (NegativeSamplesFigure.Row row : result.rows()) {
            ByteImage expected = textures.generate(row.input(), config.outputSize(), row.textureSeed());
            assertEquals(expected, row.texture(), row.name());
        }
        assertNotEquals(result.rows().get(0).textureSeed(), result.rows().get(1).textureSeed());
    }

    @Test
    void patchNegativesOnlyHoldPixelsOfTheQueryView() {
        for (NegativeSamplesFigure.Row row : result.rows()) {
            Set<Integer> query = colours(row.query());
            for (int i = 0; i < row.patchNegatives().size(); i++) {
                ByteImage negative = row.patchNegatives().get(i);
                assertNotEquals(row.query(), negative, "a negative is a shuffle, not the view itself");
                Set<Integer> missing = new HashSet<>(colours(negative));
                missing.removeAll(query);
                assertTrue(missing.isEmpty(), row.name() + " d = " + config.patchSizes().get(i) + ": "
                        + missing.size() + " colours that are not in the query view");
            }
            // the check tells views apart: the key view has colours the query view lacks
            Set<Integer> key = new HashSet<>(colours(row.key()));
            key.removeAll(query);
            assertFalse(key.isEmpty(), row.name());
        }
    }

    private static Set<Integer> colours(ByteImage image) {
        Set<Integer> out = new HashSet<>();
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                out.add(image.get(0, y, x) << 16 | image.get(1, y, x) << 8 | image.get(2, y, x));
            }
        }
        return out;
    }

    @Test
    void runWritesTheFigureTimingsAndProvenance() throws Exception {
        BufferedImage png = ImageIO.read(out.resolve(NegativeSamplesFigure.FIGURE_FILE).toFile());
        assertEquals(result.figure().getWidth(), png.getWidth());
        assertEquals(result.figure().getHeight(), png.getHeight());
        assertEquals(result.figure().getRGB(40, 60), png.getRGB(40, 60));

        List<String> csv = Files.readAllLines(out.resolve(NegativeSamplesFigure.TIMINGS_FILE));
        assertEquals("image,height,width,output_size,texture_seconds,texture_cpu_seconds,patch_microseconds",
                csv.get(0));
        assertEquals(1 + config.count(), csv.size());
        for (int r = 0; r < config.count(); r++) {
            NegativeSamplesFigure.Row row = result.rows().get(r);
            String[] f = csv.get(r + 1).split(",");
            assertEquals(row.name(), f[0]);
            assertEquals(row.input().height(), Integer.parseInt(f[1]));
            assertEquals(112, Integer.parseInt(f[3]));
            assertTrue(Double.parseDouble(f[4]) > 0 && Double.parseDouble(f[6]) > 0, csv.get(r + 1));
            assertTrue(row.textureSeconds() > 0 && row.patchMicros() > 0);
        }

        String provenance = Files.readString(out.resolve("provenance.json"));
        assertTrue(provenance.contains("\"command\": \"negative-samples\""), provenance);
        assertTrue(provenance.contains("\"outputSize\": 112"), provenance);
        assertTrue(provenance.contains("imagenet100-samples (2 images)"), provenance);

        Table timings = Tables.negativeSampleTimings(result);
        assertEquals(config.count(), timings.rowCount());
        assertEquals(result.rows().get(1).name(), timings.stringColumn("image").get(1));
        assertEquals(result.rows().get(1).patchMicros(), timings.doubleColumn("patch negative (µs)").get(1));
    }

    @Test
    void textureSourcesShowTheTwoExamplePatchesAndTheTexture() {
        BufferedImage sources = NegativeSamplesFigure.textureSources(result.rows().get(0));
        // the input is 500x375: 96-px patches, shown at their size in tiles as wide as the largest image (112)
        assertEquals(NegativeSamplesFigure.MARGIN + 3 * (112 + NegativeSamplesFigure.MARGIN), sources.getWidth());
    }

    @Test
    void badConfigurationsAreRejectedNamingTheField() {
        NegativeSamplesConfig d = NegativeSamplesConfig.defaults();
        assertMessage("count", () -> d.withCount(0));
        assertMessage("count", () -> d.withCount(NegativeSamplesConfig.MAX_IMAGES + 1));
        assertMessage("images", () -> d.withImages(List.of("robin", " ")));
        assertMessage("imagesDir", () -> d.withImagesDir(null));
        assertMessage("outputDir", () -> d.withOutputDir(null));
        assertMessage("outputSize", () -> new NegativeSamplesConfig(d.imagesDir(), List.of(), 2, List.of(8), 16,
                d.texture(), 1, d.outputDir()));
        assertMessage("patchSizes", () -> new NegativeSamplesConfig(d.imagesDir(), List.of(), 2, List.of(16, 300),
                224, d.texture(), 1, d.outputDir()));
        assertMessage("patchSizes", () -> new NegativeSamplesConfig(d.imagesDir(), List.of(), 2, List.of(), 224,
                d.texture(), 1, d.outputDir()));
        assertMessage("count (3) must equal the number of images named (1)", () -> new NegativeSamplesConfig(
                d.imagesDir(), List.of("robin"), 3, d.patchSizes(), 224, d.texture(), 1, d.outputDir()));
        assertMessage("texture", () -> new NegativeSamplesConfig(d.imagesDir(), List.of(), 2, d.patchSizes(), 224,
                null, 1, d.outputDir()));
        assertMessage("unknown preset 'huge'", () -> NegativeSamplesConfig.preset("huge"));
        assertEquals(d, NegativeSamplesConfig.preset("paper"));
        assertEquals(TextureSynthesisConfig.defaults(), NegativeSamplesConfig.smoke().texture());
    }

    private static void assertMessage(String expected, Supplier<?> make) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make::get);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void imagesAreChosenByFileNameWnidOrClass() {
        List<Path> chosen = NegativeSamplesFigure.select(config.withImages(
                List.of("n02974003", "robin", "n02085620_Chihuahua.JPEG", "toy_terrier")));
        assertEquals(List.of("n02974003_car_wheel.JPEG", "n01558993_robin.JPEG", "n02085620_Chihuahua.JPEG",
                "n02087046_toy_terrier.JPEG"), chosen.stream().map(p -> p.getFileName().toString()).toList());
        assertMessage("'terrier' matches", () -> NegativeSamplesFigure.select(config.withImages(List.of("terrier"))));
        assertMessage("'unicorn' matches no image", () -> NegativeSamplesFigure.select(
                config.withImages(List.of("unicorn"))));
    }

    @Test
    void aFolderWithTooFewImagesIsNamed(@TempDir Path tmp) throws Exception {
        DatasetFormatException empty = assertThrows(DatasetFormatException.class,
                () -> NegativeSamplesFigure.select(config.withImagesDir(tmp)));
        assertTrue(empty.getMessage().startsWith(tmp + ": holds no .JPEG"), empty.getMessage());
        for (String name : List.of("n01558993_robin.JPEG", "n02974003_car_wheel.JPEG")) {
            Files.copy(TestData.imagenetSamplesDir().resolve(name), tmp.resolve(name));
        }
        assertEquals(2, NegativeSamplesFigure.select(config.withImagesDir(tmp).withCount(2)).size());
        assertMessage("count (3) exceeds the 2 images in " + tmp,
                () -> NegativeSamplesFigure.select(config.withImagesDir(tmp).withCount(3)));
    }

    @Test
    void aMissingFolderIsNamedWithTheDataScript(@TempDir Path tmp) {
        Path missing = tmp.resolve("imagenet100-samples");
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> NegativeSamplesFigure.run(config.withImagesDir(missing).withOutputDir(tmp.resolve("o"))));
        assertTrue(e.getMessage().startsWith(missing + ": missing"), e.getMessage());
        assertTrue(e.getMessage().contains("data-scripts/imagenet-samples.sh"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("o")), "nothing is written before the images are found");
    }
}
