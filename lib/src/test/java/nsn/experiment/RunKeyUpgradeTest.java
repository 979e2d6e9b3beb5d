package nsn.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.Map;
import nsn.eval.LinearEvalConfig;
import nsn.report.Json;
import org.junit.jupiter.api.Test;

/** Grids written before the linear probe had a protocol are still recognised as the same configuration. */
class RunKeyUpgradeTest {

    private static JsonElement key(Object linear) {
        return JsonParser.parseString(Json.write(Map.of("dataset", "cifar10", "linear", linear)));
    }

    @Test
    void aKeyWithoutProtocolReadsAsTheFeatureProbe() {
        LinearEvalConfig l = LinearEvalConfig.defaults().withTrainImages(10000);
        JsonObject old = key(l).deepCopy().getAsJsonObject();
        old.getAsJsonObject("linear").remove("protocol");
        old.getAsJsonObject("linear").remove("lrMilestones");
        assertNotEquals(key(l), old);
        assertEquals(key(l), Comparison.upgradeKey(old));
        assertNotEquals(key(l.withProtocol(LinearEvalConfig.Protocol.AUGMENTED)), Comparison.upgradeKey(old),
                "an old key never matches the augmented protocol");
        assertEquals(key(LinearEvalConfig.authors()), Comparison.upgradeKey(key(LinearEvalConfig.authors())),
                "a current key is left as it is");
    }
}
