package nsn.train;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import nsn.TestData;
import nsn.data.InMemoryImageDataset;
import nsn.report.Progress;
import nsn.report.RunDirectory;

/**
 * The child process of {@link KillResumeTest}: the tiny two-epoch MoCo run of {@link PretrainerTest#tinyConfig} on
 * 96 Fashion-MNIST images (3 steps per epoch) into a run folder, checkpointing every N steps. With a pause batch it
 * prints {@code PAUSED} just before that batch's step and then waits to be killed; otherwise it trains to the end
 * and prints {@code DONE resumedFromStep=S}.
 *
 * <p>Arguments: {@code RUN_DIR CHECKPOINT_EVERY [PAUSE_EPOCH PAUSE_BATCH]} (0-based epoch and batch index).
 */
public final class PretrainChild {

    /** Number of training images. */
    static final int IMAGES = 96;

    private PretrainChild() {}

    /** The run's configuration. */
    static PretrainConfig config(InMemoryImageDataset data) {
        return PretrainerTest.tinyConfig(data, 2);
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int every = Integer.parseInt(args[1]);
        int pauseEpoch = args.length > 2 ? Integer.parseInt(args[2]) : -1;
        int pauseBatch = args.length > 3 ? Integer.parseInt(args[3]) : -1;
        InMemoryImageDataset data = TestData.fashionTrain(IMAGES);
        try (NDManager m = NDManager.newBaseManager();
                Pretrainer p = new Pretrainer(config(data), data, m).optCheckpointEvery(every)) {
            p.batchHook = (epoch, batch) -> {
                if (epoch == pauseEpoch && batch.index() == pauseBatch) {
                    System.out.println("PAUSED");
                    System.out.flush();
                    try {
                        Thread.sleep(Long.MAX_VALUE);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return batch;
            };
            Pretrainer.Summary s = p.train(RunDirectory.open(dir), Progress.silent());
            System.out.println("DONE resumedFromStep=" + s.resumedFromStep());
        }
    }
}
