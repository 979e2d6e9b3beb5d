package nsn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.Arrays;
import java.util.List;
import nsn.model.Encoder;
import org.junit.jupiter.api.Test;

class ByolTest {

    static final MethodConfig BYOL = MethodConfig.mocoV2().with(MethodConfig.Kind.BYOL, nsn.loss.AlphaMode.LOGIT)
            .withByol(16, 0.9f);

    @Test
    void targetFollowsTheOnlineEncoderByTheScheduledAverageAndGetsNoGradient() {
        try (NDManager m = NDManager.newBaseManager();
                Byol byol = new Byol(new MocoConfig(8, 0.99f, 0.2f, 0.05f, 1), BYOL, MoCoTest.TINY, m, 7, 4)) {
            List<float[]> online0 = MoCoTest.snapshot(byol.encoder());
            List<float[]> target0 = MoCoTest.snapshot(byol.targetEncoder());
            for (int i = 0; i < online0.size(); i++) {
                assertArrayEquals(online0.get(i), target0.get(i), "the target starts as a copy of the online encoder");
            }
            Sgd sgd = new Sgd(byol.trainableParameters(), 0.9f, 1e-4f);
            for (int s = 0; s < 2; s++) {
                List<float[]> targetBefore = MoCoTest.snapshot(byol.targetEncoder());
                float loss;
                try (NDManager step = m.newSubManager()) {
                    loss = byol.trainStep(step, MoCoTest.images(step, 4, 10 * s + 1),
                            MoCoTest.images(step, 4, 10 * s + 2), MoCoTest.images(step, 4, 10 * s + 3), sgd, 0.1f);
                }
                assertTrue(Float.isFinite(loss), "loss " + loss);
                List<float[]> online = MoCoTest.snapshot(byol.encoder());
                List<float[]> target = MoCoTest.snapshot(byol.targetEncoder());
                float tau = byol.targetMomentum(s);
                boolean onlineChanged = false;
                List<Parameter> params = byol.targetEncoder().parameters();
                for (int i = 0; i < params.size(); i++) {
                    Parameter p = params.get(i);
                    assertFalse(p.getArray().hasGradient(), "target parameter " + p.getName() + " has a gradient");
                    onlineChanged |= !Arrays.equals(online0.get(i), online.get(i));
                    if (!Encoder.isTrainable(p)) {
                        continue; // BatchNorm running statistics follow the target's own forward passes
                    }
                    float[] expected = new float[online.get(i).length];
                    for (int j = 0; j < expected.length; j++) {
                        expected[j] = tau * targetBefore.get(i)[j] + (1 - tau) * online.get(i)[j];
                    }
                    assertArrayEquals(expected, target.get(i), 1e-6f, "moving average of " + p.getName());
                }
                assertTrue(onlineChanged, "the online encoder is trained");
            }
            assertEquals(2, byol.steps());
        }
    }

    @Test
    void targetMomentumFollowsBoylsCosineScheduleToOne() {
        try (NDManager m = NDManager.newBaseManager();
                Byol byol = new Byol(new MocoConfig(8, 0.99f, 0.2f, 0.05f, 0), BYOL, MoCoTest.TINY, m, 7, 100)) {
            assertEquals(0.9f, byol.targetMomentum(0), 1e-7f);
            assertEquals(0.95f, byol.targetMomentum(50), 1e-6f);
            assertEquals(1f, byol.targetMomentum(100), 0f);
            assertEquals((float) (1 - 0.1 * (Math.cos(Math.PI * 0.25) + 1) / 2), byol.targetMomentum(25), 1e-6f);
            assertEquals(byol.encoder().parameters().stream().filter(Encoder::isTrainable).count()
                    + byol.predictor().parameters().stream().filter(Encoder::isTrainable).count(),
                    byol.trainableParameters().size(), "online encoder and predictor are trained");
        }
    }

    @Test
    void rejectsAlphaOfOneOrMore() {
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Byol(new MocoConfig(8, 0.99f, 0.2f, 2f, 1), BYOL, MoCoTest.TINY, m, 7, 4));
            assertTrue(e.getMessage().contains("[0, 1)"), e.getMessage());
        }
    }
}
