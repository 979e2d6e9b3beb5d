/**
 * Networks: the ResNet backbones (adapted to small images for the small preset, ImageNet-style for the paper
 * preset), the MoCo-v2 projection head, and {@link nsn.model.Encoder}, which pairs them and copies or
 * momentum-updates parameters between a query and a key encoder. An encoder's trainable parameters are views of one
 * buffer ({@link nsn.model.FlatParameters}), so that updates of all of them are a few whole-buffer operations. An
 * encoder runs in float32 or in bfloat16 or float16 mixed precision ({@link nsn.model.Precision}), through casts that
 * autograd sees ({@link nsn.model.Differentiable}). Arithmetic with a number goes through {@link nsn.model.Scalars}
 * (everywhere in nsn's training code): DJL's own form waits for a GPU and can hand backward a freed number. The
 * networks chain their layers with {@link nsn.model.EagerSequentialBlock}, which frees each activation once the next
 * layer has read it, as PyTorch does.
 */
package nsn.model;
