package nsn.ood;

import static nsn.ood.OodTrees.OTHER;
import static nsn.ood.OodTrees.WNIDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import nsn.eval.LinearEvalConfig;
import nsn.experiment.Arm;
import nsn.experiment.Comparison;
import nsn.experiment.GridConfig;
import nsn.experiment.OodSet;
import nsn.experiment.QuickstartConfig;
import nsn.model.EncoderConfig;
import nsn.model.ResNet;
import nsn.train.MocoConfig;
import nsn.train.PretrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The comparison grid with the four benchmark kinds as columns, on a tiny synthetic ImageNet-100 (3 wnids, each a
 * colour) and tiny trees in the released layouts: ImageNet-C with 2 corruptions × 2 severities, ImageNet-Sketch and
 * Stylized-ImageNet holding copies of the in-domain test images, ImageNet-R with 2 of the 3 classes and another
 * class. A random-init ResNet-10 of width 16 at 224 px, probed once on 24 images and scored on every set.
 */
class OodGridTest {

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t);
                }
            }
        }
    }

    @Test
    void everyBenchmarkIsAColumnAndImageNetCIsReported(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("data");
        Path val = data.resolve("imagenet100/val");
        OodTrees.writeClasses(data.resolve("imagenet100/train"), WNIDS, 8, 48, "jpg", 10);
        OodTrees.writeClasses(val, WNIDS, 4, 48, "jpg", 11);
        Path c = tmp.resolve("imagenet-c");
        List<String> sets = List.of("gaussian_noise/1", "gaussian_noise/2", "fog/1", "fog/2");
        for (String s : sets) {
            OodTrees.writeClasses(c.resolve(s), WNIDS, 3, 224, "jpg", s.hashCode());
        }
        // fog/2: class 0's images in class 1's colour, so the corruption errors are not all zero
        OodTrees.writeClassAs(c.resolve("fog/2"), WNIDS.get(0), WNIDS.get(1), 3, 224, "jpg", "wrong", 3);
        OodTrees.writeClass(c.resolve("fog/2"), OTHER, 2, 224, "jpg", "img", 1);
        Path sketch = tmp.resolve("imagenet-sketch");
        copyTree(val, sketch.resolve("sketch"));
        OodTrees.writeClass(sketch.resolve("sketch"), OTHER, 2, 48, "jpg", "img", 2);
        Path r = tmp.resolve("imagenet-r");
        OodTrees.writeClasses(r, List.of(WNIDS.get(1), WNIDS.get(2), OTHER), 3, 40, "jpg", 12);
        Path stylized = tmp.resolve("stylized-imagenet");
        copyTree(val, stylized.resolve("val"));

        QuickstartConfig small = QuickstartConfig.medium();
        PretrainConfig p = small.pretrain();
        EncoderConfig enc = new EncoderConfig(10, 16, ResNet.Stem.SMALL_STRIDED, 1, 28, 32, true);
        PretrainConfig tiny = new PretrainConfig(enc, new MocoConfig(256, 0.99f, 0.2f, 2f, 1), p.augment(), 2, 9,
                1, 8, 0.05f, 0.9f, 1e-4f, 0, 2, 5);
        QuickstartConfig q = small.withPretrain(tiny).withPretrainImages(0).withDataset("imagenet100")
                .withLinear(new LinearEvalConfig(30, 12, 0.1f, 0.9f, 0f)).withDataDir(data)
                .withOutputDir(tmp.resolve("out")).withQuiet(true).withDevice("cpu");
        assertEquals(224, q.pretrain().encoder().imageSize());
        GridConfig grid = new GridConfig(q, List.of(0L), 0, 0, List.of(OodSet.parse("imagenet-c=" + c),
                OodSet.parse("imagenet-sketch=" + sketch), OodSet.parse("imagenet-r=" + r),
                OodSet.parse("stylized-imagenet=" + stylized)));
        List<Arm> arms = List.of(Arm.randomInit(q.pretrain()));

        Comparison.Result result = Comparison.run("test", "ood", grid, arms);
        assertEquals(List.of("imagenet100", "imagenet-c", "imagenet-sketch", "imagenet-r", "stylized-imagenet"),
                result.sets());
        double[] top1 = new double[5];
        for (int s = 0; s < 5; s++) {
            top1[s] = result.rows().get(0).values(s)[0];
        }
        assertTrue(top1[0] > 0.9, "colour classes are separable: " + top1[0]);
        assertEquals(top1[0], top1[2], 0, "sketch holds the test images: same labels, same accuracy");
        assertEquals(top1[0], top1[4], 0, "stylized/val holds the test images");
        assertEquals(Math.round(top1[3] * 6), top1[3] * 6, 1e-9, "ImageNet-R: top-1 over its 6 shared images");
        assertTrue(top1[3] > 0.5, "R's labels follow the model's: " + top1[3]);

        Path out = tmp.resolve("out");
        JsonObject run = JsonParser.parseString(Files.readString(out.resolve("random-init/seed-0/results.json")))
                .getAsJsonObject();
        JsonObject ic = run.getAsJsonObject("imagenet_c").getAsJsonObject("imagenet-c");
        JsonObject bySet = ic.getAsJsonObject("top1");
        double g1 = bySet.getAsJsonObject("gaussian_noise").get("1").getAsDouble();
        double g2 = bySet.getAsJsonObject("gaussian_noise").get("2").getAsDouble();
        double f1 = bySet.getAsJsonObject("fog").get("1").getAsDouble();
        double f2 = bySet.getAsJsonObject("fog").get("2").getAsDouble();
        for (double v : new double[] {g1, g2, f1}) {
            assertEquals(Math.round(v * 9), v * 9, 1e-9, "top-1 over the 9 images of the model's classes");
        }
        assertEquals(Math.round(f2 * 12), f2 * 12, 1e-9, "fog/2: 12 images of the model's classes");
        assertTrue(f2 <= 0.75 + 1e-9, "3 of fog/2's 12 images have another class's colour: " + f2);
        assertEquals((g1 + g2 + f1 + f2) / 4, top1[1], 1e-12, "the column is the mean over the sets");
        double mce = (((1 - g1) + (1 - g2)) / (0.69528 + 0.82542) + ((1 - f1) + (1 - f2)) / (0.67474 + 0.76050)) / 2;
        assertEquals(mce, ic.get("mce").getAsDouble(), 1e-12, "CE over the severities present, by hand");
        assertEquals(false, ic.get("complete").getAsBoolean());

        List<String> summary = Files.readAllLines(out.resolve("imagenet-c-summary.csv"));
        assertEquals(2, summary.size());
        String[] f = summary.get(1).split(",");
        assertEquals("Random init (no pretraining)", f[0]);
        assertEquals(100 * top1[1], Double.parseDouble(f[3]), 1e-4);
        assertEquals(100 * mce, Double.parseDouble(f[5]), 1e-4);
        List<String> perSet = Files.readAllLines(out.resolve("imagenet-c-corruptions.csv"));
        assertEquals(List.of("gaussian_noise,1", "gaussian_noise,2", "fog,1", "fog,2"), perSet.subList(1, 5)
                .stream().map(l -> l.split(",")[1] + "," + l.split(",")[2]).toList());
        assertTrue(Files.exists(out.resolve("imagenet-c.json")));

        // a rerun reads every number back; a run without its ImageNet-C sets is probed again, identically
        Comparison.Result again = Comparison.run("test", "ood", grid, arms);
        assertEquals(1, again.reusedRuns());
        run.remove("imagenet_c");
        Files.writeString(out.resolve("random-init/seed-0/results.json"), run.toString());
        Comparison.Result reprobed = Comparison.run("test", "ood", grid, arms);
        assertEquals(0, reprobed.reusedRuns());
        for (int s = 0; s < 5; s++) {
            assertEquals(top1[s], again.rows().get(0).values(s)[0], 0);
            assertEquals(top1[s], reprobed.rows().get(0).values(s)[0], 0);
        }
    }
}
