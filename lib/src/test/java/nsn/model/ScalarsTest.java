package nsn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The host-scalar path of {@link Scalars} (the one a GPU takes) run on the CPU: the same values and data type as DJL's
 * own form, the result in the operand's manager, the in-place forms writing into the operand.
 */
public class ScalarsTest {

    private record Op(String name, BinaryOperator<NDArray> op, BiFunction<NDArray, Number, NDArray> djl) {}

    private static final List<Op> OPS = List.of(
            new Op("add", NDArray::add, NDArray::add),
            new Op("sub", NDArray::sub, NDArray::sub),
            new Op("mul", NDArray::mul, NDArray::mul),
            new Op("div", NDArray::div, NDArray::div),
            new Op("mod", NDArray::mod, NDArray::mod),
            new Op("minimum", NDArray::minimum, NDArray::minimum),
            new Op("neq", NDArray::neq, NDArray::neq));

    @Test
    void hostPathMatchesDjlsFormInValueTypeAndManager() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = m.create(new float[] {-2.5f, 0f, 0.3f, 7f}); // (4,)
            NDArray ints = m.create(new long[] {0, 3, 5, 8}); // (4,)
            for (Op o : OPS) {
                for (Number n : new Number[] {0.7f, 2f, 3.0}) {
                    NDArray mine = Scalars.apply(x, n, true, o.op(), o.djl());
                    NDArray theirs = o.djl().apply(x, n);
                    assertEquals(theirs.getDataType(), mine.getDataType(), o.name() + " " + n);
                    assertArrayEquals(theirs.toByteArray(), mine.toByteArray(), o.name() + " " + n);
                    assertSame(m, mine.getManager(), o.name() + ": the result joins the operand's manager");
                }
                NDArray mine = Scalars.apply(ints, 3L, true, o.op(), o.djl());
                NDArray theirs = o.djl().apply(ints, 3L);
                assertEquals(theirs.getDataType(), mine.getDataType(), o.name() + " on int64");
                assertArrayEquals(theirs.toByteArray(), mine.toByteArray(), o.name() + " on int64");
            }
            assertEquals(DataType.INT64, Scalars.apply(ints, 4L, true, NDArray::add, NDArray::add).getDataType());
        }
    }

    @Test
    void inPlaceFormsWriteIntoTheOperand() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = m.create(new float[] {1f, -2f, 4f});
            NDArray y = Scalars.apply(x, 0.5f, true, NDArray::muli, NDArray::muli);
            assertSame(x, y);
            assertArrayEquals(new float[] {0.5f, -1f, 2f}, x.toFloatArray());
            Scalars.apply(x, 1f, true, NDArray::addi, NDArray::addi);
            assertArrayEquals(new float[] {1.5f, 0f, 3f}, x.toFloatArray());
        }
    }

    @Test
    void theCpuTakesDjlsOwnForm() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            assertFalse(Scalars.onAccelerator(m.zeros(new Shape(2))));
            assertArrayEquals(new float[] {3f, 3f}, Scalars.add(m.ones(new Shape(2)), 2f)
                    .toFloatArray());
        }
    }
}
