package nsn.ood;

import static nsn.ood.OodTrees.OTHER;
import static nsn.ood.OodTrees.WNIDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nsn.data.ImageDataset;
import nsn.experiment.OodSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark readers on tiny trees in the released layouts, with real decoded images. */
class OodReadersTest {

    /** The label each image's colour says it has: the class whose colour is nearest its mean. */
    private static int colourLabel(ImageDataset d, int i) {
        byte[] px = new byte[d.imageBytes()];
        d.readImage(i, px, 0);
        int plane = d.height() * d.width();
        double[] mean = new double[3];
        for (int c = 0; c < 3; c++) {
            for (int k = 0; k < plane; k++) {
                mean[c] += px[c * plane + k] & 0xff;
            }
            mean[c] /= plane;
        }
        int best = -1;
        double bestD = Double.MAX_VALUE;
        for (int l = 0; l < WNIDS.size(); l++) {
            int[] col = OodTrees.color(WNIDS.get(l));
            double dist = 0;
            for (int c = 0; c < 3; c++) {
                dist += (mean[c] - col[c]) * (mean[c] - col[c]);
            }
            if (dist < bestD) {
                bestD = dist;
                best = l;
            }
        }
        return best;
    }

    private static void assertLabelsMatchColours(ImageDataset d) {
        for (int i = 0; i < d.size(); i++) {
            assertEquals(colourLabel(d, i), d.label(i), d.name() + " image " + i);
        }
    }

    @Test
    void classMappingFollowsTheModelsLabelOrder() {
        List<String> model = List.of("n3", "n1", "n2");
        ClassMapping m = ClassMapping.of(model, List.of("n2", "n9", "n1", "n0"));
        assertEquals(1, m.label("n1"));
        assertEquals(2, m.label("n2"));
        assertEquals(-1, m.label("n9"));
        assertEquals(List.of("n1", "n2"), m.shared(), "shared classes in label order");
        assertEquals(List.of("n3"), m.missing());
        assertEquals(List.of("n0", "n9"), m.ignored());
        assertFalse(m.complete());
        String msg = assertThrows(IllegalArgumentException.class, () -> m.requireComplete("sketch (x)"))
                .getMessage();
        assertTrue(msg.contains("lacks 1 of the model's 3 classes: [n3]"), msg);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClassMapping.of(model, List.of("a"))
                .requireShared("r")).getMessage().contains("shares no class"));
        assertThrows(IllegalArgumentException.class, () -> ClassMapping.of(List.of("a", "a"), List.of()));
    }

    @Test
    void classListIsSortedLikeTheImageFolderSubset(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("subset.txt");
        Files.writeString(f, "n02\n\n# comment\nn01  # robin\nn02\n");
        assertEquals(List.of("n01", "n02"), ClassMapping.readClassList(f));
        assertThrows(IllegalArgumentException.class, () -> ClassMapping.readClassList(tmp.resolve("none.txt")));
    }

    /**
     * ImageNet-C: the sets present are listed in benchmark order (extra corruptions after the 15, unknown folders
     * ignored), each read restricted to the model's classes with the model's labels; a set lacking a class fails.
     */
    @Test
    void imageNetCListsAndReadsItsSets(@TempDir Path tmp) throws Exception {
        Path root = tmp.resolve("imagenet-c");
        List<String> all = new ArrayList<>(WNIDS);
        all.add(OTHER);
        for (String set : List.of("fog/3", "gaussian_noise/2", "gaussian_noise/1", "speckle_noise/1",
                "rain/1")) {
            OodTrees.writeClasses(root.resolve(set), all, 2, 24, "jpg", set.hashCode());
        }
        Files.createDirectories(root.resolve("fog/7"));
        ImageNetC c = ImageNetC.at(root);
        assertEquals(List.of("gaussian_noise/1", "gaussian_noise/2", "fog/3", "speckle_noise/1"),
                c.sets().stream().map(ImageNetC.CorruptionSet::id).toList());
        assertEquals(3, c.standardSets().size());
        assertFalse(c.complete());
        assertEquals(72, c.absentStandardSets().size());
        assertEquals("gaussian_noise/3", c.absentStandardSets().get(0));

        MappedImageFolder fog = c.open(c.sets().get(2), WNIDS, 3, 24, "imagenet-c");
        assertEquals("imagenet-c/fog/3", fog.name());
        assertEquals(WNIDS, fog.classes());
        assertEquals(6, fog.size(), "the other class is not read");
        assertEquals(List.of(OTHER), fog.mapping().ignored());
        assertLabelsMatchColours(fog);
        assertEquals(List.of(0, 0, 1, 1, 2, 2), java.util.stream.IntStream.range(0, 6).map(fog::label).boxed()
                .toList());

        // the model's labels, not the folders' order: a model listing the classes in another order
        List<String> reversed = List.of(WNIDS.get(2), WNIDS.get(1), WNIDS.get(0));
        MappedImageFolder rev = c.open(c.sets().get(2), reversed, 3, 24, "x");
        for (int i = 0; i < rev.size(); i++) {
            assertEquals(2 - colourLabel(rev, i), rev.label(i));
        }

        assertNotEquals(fog.fingerprint(), c.open(c.sets().get(0), WNIDS, 3, 24, "x").fingerprint());
        Files.walk(root.resolve("fog/3").resolve(WNIDS.get(1))).sorted(java.util.Comparator.reverseOrder())
                .forEach(p -> p.toFile().delete());
        String msg = assertThrows(IllegalArgumentException.class,
                () -> c.open(c.sets().get(2), WNIDS, 3, 24, "x")).getMessage();
        assertTrue(msg.contains("fog/3") && msg.contains(WNIDS.get(1)), msg);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ImageNetC.at(tmp)).getMessage()
                .contains("no <corruption>/<severity> folder"));
    }

    /** ImageNet-Sketch as extracted ({@code sketch/<wnid>}) or flat; every model class must be present. */
    @Test
    void sketchAcceptsBothLayouts(@TempDir Path tmp) throws Exception {
        Path zip = tmp.resolve("imagenet-sketch");
        OodTrees.writeClasses(zip.resolve("sketch"), List.of(WNIDS.get(0), WNIDS.get(1), WNIDS.get(2), OTHER), 2,
                40, "jpg", 1);
        ImageDataset s = OodBenchmark.IMAGENET_SKETCH.open(zip, WNIDS, 3, 32, 32, "imagenet-sketch");
        assertEquals(6, s.size());
        assertEquals(32, s.height());
        assertLabelsMatchColours(s);
        ImageDataset flat = OodBenchmark.IMAGENET_SKETCH.open(zip.resolve("sketch"), WNIDS, 3, 32, 32, "s");
        assertEquals(s.fingerprint(), flat.fingerprint());
        String msg = assertThrows(IllegalArgumentException.class, () -> OodBenchmark.IMAGENET_SKETCH.open(zip,
                List.of(WNIDS.get(0), "n01234567"), 3, 32, 32, "s")).getMessage();
        assertTrue(msg.contains("lacks 1") && msg.contains("n01234567"), msg);
    }

    /**
     * ImageNet-R has only some of the model's classes: their images are read with the model's labels, the classes
     * stay the model's whole label set, and a benchmark sharing none fails.
     */
    @Test
    void imageNetRReadsTheSharedClasses(@TempDir Path tmp) throws Exception {
        Path r = tmp.resolve("imagenet-r");
        OodTrees.writeClasses(r, List.of(WNIDS.get(1), WNIDS.get(2), OTHER), 3, 30, "jpg", 2);
        MappedImageFolder d = OodBenchmark.IMAGENET_R.open(r, WNIDS, 3, 30, 30, "imagenet-r");
        assertEquals(WNIDS, d.classes());
        assertEquals(6, d.size());
        assertEquals(List.of(WNIDS.get(0)), d.mapping().missing());
        assertEquals(List.of(OTHER), d.mapping().ignored());
        assertLabelsMatchColours(d);
        assertEquals(1, d.label(0));
        assertEquals(2, d.label(5));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OodBenchmark.IMAGENET_R.open(r,
                List.of("n05555555"), 3, 30, 30, "r")).getMessage().contains("shares no class"));
    }

    /** Stylized-ImageNet: the val split of {@code root/{train,val}/<wnid>}, or a flat folder. */
    @Test
    void stylizedReadsTheValidationSplit(@TempDir Path tmp) throws Exception {
        Path root = tmp.resolve("stylized-imagenet");
        OodTrees.writeClasses(root.resolve("val"), WNIDS, 2, 20, "png", 3);
        OodTrees.writeClasses(root.resolve("train"), WNIDS, 5, 20, "png", 4);
        ImageDataset d = OodBenchmark.STYLIZED_IMAGENET.open(root, WNIDS, 1, 20, 20, "stylized-imagenet");
        assertEquals(6, d.size(), "val only");
        assertEquals(1, d.channels());
        assertEquals(6, OodBenchmark.STYLIZED_IMAGENET.open(root.resolve("val"), WNIDS, 3, 20, 20, "s").size());
        assertThrows(IllegalArgumentException.class,
                () -> OodBenchmark.IMAGENET_C.open(root, WNIDS, 3, 20, 20, "c"));
    }

    /** The --ood syntax: [KIND:]NAME=DIR, a benchmark id as NAME choosing that benchmark. */
    @Test
    void oodSpecsNameTheirKind() {
        assertEquals(new OodSet("imagenet-c", Path.of("/d/c"), OodBenchmark.IMAGENET_C),
                OodSet.parse("imagenet-c=/d/c"));
        assertEquals(new OodSet("IN-R", Path.of("/d/r"), OodBenchmark.IMAGENET_R), OodSet.parse("imagenet-r:IN-R=/d/r"));
        assertEquals(new OodSet("imagenet-r", Path.of("/d/r"), null), OodSet.parse("folder:imagenet-r=/d/r"));
        assertNull(OodSet.parse("sketch=/d/s").benchmark());
        assertTrue(OodSet.parse("imagenet-c=/d").corruptions());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OodSet.parse("rain:x=/d")).getMessage()
                .contains("unknown kind 'rain'"));
        assertEquals(List.of("imagenet-c", "imagenet-sketch", "imagenet-r", "stylized-imagenet"), OodBenchmark.ids());
    }
}
