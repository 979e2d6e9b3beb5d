package nsn.experiment;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import nsn.TestData;
import nsn.augment.AugmentConfig;
import nsn.augment.Normalization;
import nsn.data.InMemoryImageDataset;
import nsn.model.EncoderConfig;
import nsn.model.ResNet;
import nsn.report.Progress;
import nsn.report.RunDirectory;
import nsn.train.MocoConfig;
import nsn.train.PretrainConfig;
import nsn.train.Pretrainer;

/** A MoCo checkpoint pretrained for two steps on 64 Fashion-MNIST images, for the experiments' end-to-end tests. */
final class TinyMocoCheckpoint {

    private TinyMocoCheckpoint() {}

    /** Pretrains a width-16 ResNet-10 into {@code dir} and returns its checkpoint file. */
    static Path train(Path dir) {
        InMemoryImageDataset data = TestData.fashionTrain(64);
        EncoderConfig enc = new EncoderConfig(10, 16, ResNet.Stem.SMALL_STRIDED, 1, 28, 16, true);
        AugmentConfig aug = AugmentConfig.mocoV2(28).withNormalization(Normalization.estimate(data, 64));
        PretrainConfig pc = new PretrainConfig(enc, new MocoConfig(64, 0.9f, 0.2f, 2f, 1), aug, 2, 9, 1, 32, 0.05f,
                0.9f, 1e-4f, 0, 2, 3);
        RunDirectory run = RunDirectory.open(dir);
        try (NDManager m = NDManager.newBaseManager(); Pretrainer p = new Pretrainer(pc, data, m)) {
            p.train(run, Progress.silent());
        }
        return run.resolve(Pretrainer.CHECKPOINT);
    }
}
