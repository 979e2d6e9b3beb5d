package nsn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import nsn.train.Sgd;
import org.junit.jupiter.api.Test;

public class FlatParametersTest {

    /** Width 16: narrower convolutions hit libtorch 2.7.1's random NaN gradients (docs/BENCHMARKS.md). */
    public static final EncoderConfig TINY = new EncoderConfig(10, 16, ResNet.Stem.SMALL, 1, 12, 8, true);

    public static List<Parameter> trainable(Encoder e) {
        return e.parameters().stream().filter(Encoder::isTrainable).collect(Collectors.toList());
    }

    /** Every trainable array still reads its slice of the buffer: scaling the buffer scales each array. */
    public static void assertViews(Encoder e) {
        FlatParameters flat = e.trainable();
        List<float[]> before = new ArrayList<>();
        for (Parameter p : flat.parameters()) {
            before.add(p.getArray().toFloatArray());
        }
        flat.values().muli(2f);
        for (int i = 0; i < before.size(); i++) {
            float[] b = before.get(i);
            float[] a = flat.parameters().get(i).getArray().toFloatArray();
            for (int j = 0; j < b.length; j++) {
                assertEquals(2f * b[j], a[j], 0f, flat.parameters().get(i).getName());
            }
        }
        flat.values().divi(2f);
    }

    private static NDArray images(NDManager m, long seed) {
        Random r = new Random(seed);
        float[] x = new float[4 * 12 * 12];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return m.create(x, new Shape(4, 1, 12, 12));
    }

    public static void backward(NDManager m, Encoder e, long seed) {
        ParameterStore ps = new ParameterStore(m, false);
        try (NDManager step = m.newSubManager();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray out = e.forward(ps, images(step, seed), true);
            gc.backward(out.square().mean()); // small gradients: the steps stay finite
        }
    }

    @Test
    void anEncodersTrainableArraysAreViewsOfOneBuffer() {
        try (NDManager m = NDManager.newBaseManager(); Encoder e = Encoder.create(TINY, m, 3)) {
            List<Parameter> params = trainable(e);
            assertEquals(params, e.trainable().parameters());
            long total = params.stream().mapToLong(p -> p.getArray().size()).sum();
            assertEquals(new Shape(total), e.trainable().values().getShape());
            assertTrue(params.stream().allMatch(p -> p.getArray().hasGradient()), "gradients still tracked");
            assertViews(e);
            assertEquals(Optional.of(e.trainable()), FlatParameters.of(params.get(0)));
            assertThrows(IllegalArgumentException.class, () -> FlatParameters.pack(params, m));
            e.close();
            assertEquals(Optional.empty(), FlatParameters.of(params.get(0)), "a closed encoder's group is forgotten");
        }
    }

    @Test
    void copyingAndFreezingKeepTheViews() {
        try (NDManager m = NDManager.newBaseManager();
                Encoder a = Encoder.create(TINY, m, 1);
                Encoder b = Encoder.create(TINY, m, 2)) {
            b.copyFrom(a);
            assertArrayEquals(a.trainable().values().toFloatArray(), b.trainable().values().toFloatArray());
            assertViews(b);
            b.freeze();
            assertViews(b);
        }
    }

    @Test
    void theFlatSgdStepEqualsTheStepParameterByParameterBitForBit() {
        try (NDManager m = NDManager.newBaseManager();
                Encoder flat = Encoder.create(TINY, m, 5);
                Encoder loose = Encoder.create(TINY, m, 5)) {
            // the same parameters in reverse order form no whole packed group: Sgd updates them one by one
            List<Parameter> reversed = new ArrayList<>(trainable(loose));
            Collections.reverse(reversed);
            assertTrue(FlatParameters.groups(reversed).stream().allMatch(Optional::isEmpty));
            assertTrue(FlatParameters.groups(trainable(flat)).get(0).isPresent());
            Sgd sgdFlat = new Sgd(trainable(flat), 0.9f, 1e-4f);
            Sgd sgdLoose = new Sgd(reversed, 0.9f, 1e-4f);
            for (int step = 0; step < 3; step++) {
                backward(m, flat, step);
                backward(m, loose, step);
                sgdFlat.step(0.05f);
                sgdLoose.step(0.05f);
            }
            List<Parameter> pf = trainable(flat);
            List<Parameter> pl = trainable(loose);
            for (int i = 0; i < pf.size(); i++) {
                assertArrayEquals(pl.get(i).getArray().toFloatArray(), pf.get(i).getArray().toFloatArray(),
                        pf.get(i).getName());
                try (NDArray g = pf.get(i).getArray().getGradient()) {
                    assertEquals(0f, g.abs().sum().getFloat(), 0f, "gradient zeroed: " + pf.get(i).getName());
                }
            }
            assertViews(flat);
        }
    }

    @Test
    void verifyNamesAParameterThatCopyToDetached() {
        try (NDManager m = NDManager.newBaseManager(); Encoder e = Encoder.create(TINY, m, 3)) {
            float[] before = e.trainable().values().toFloatArray();
            e.trainable().verify();
            assertArrayEquals(before, e.trainable().values().toFloatArray(), "verify restores every value");
            Parameter third = e.trainable().parameters().get(2);
            try (NDArray zeros = m.zeros(third.getArray().getShape())) {
                zeros.copyTo(third.getArray()); // DJL re-binds the array's storage
            }
            IllegalStateException x = assertThrows(IllegalStateException.class, () -> e.trainable().verify());
            assertTrue(x.getMessage().contains("parameter " + third.getName() + " is no longer a view"),
                    x.getMessage());
            assertThrows(IllegalStateException.class,
                    () -> new Sgd(trainable(e), 0.9f, 0f), "SGD refuses detached packed parameters");
        }
    }

    /** A new thread starts with PyTorch's grad mode on, unlike the engine's first thread (JShell runs cells so). */
    @Test
    void encodersWorkOnAFreshThreadWhereGradModeIsOn() throws Exception {
        // the engine starts (and turns grad mode off) on the test's own thread first: started on the fresh thread, it
        // would leave grad mode on here and break the other tests of this JVM
        Engine.getInstance();
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread t = new Thread(() -> {
            try (NDManager m = NDManager.newBaseManager();
                    Encoder a = Encoder.create(TINY, m, 1);
                    Encoder b = Encoder.create(TINY, m, 2)) {
                b.copyFrom(a);
                b.freeze();
                assertViews(b);
                b.momentumUpdateFrom(a, 0.5f);
                new Sgd(trainable(a), 0.9f, 1e-4f);
                assertViews(a);
            } catch (Throwable x) {
                failure.set(x);
            }
        });
        t.start();
        t.join();
        if (failure.get() != null) {
            throw new AssertionError("on a fresh thread: " + failure.get(), failure.get());
        }
    }

    @Test
    void copyIntoNamesAWrongSize() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.zeros(new Shape(2, 3));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FlatParameters.copyInto(a, new float[5]));
            assertTrue(e.getMessage().contains("5 values for an array of 6"), e.getMessage());
        }
    }
}
