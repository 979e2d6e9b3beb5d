/**
 * Networks: the ResNet backbones (adapted to small images for the small preset, ImageNet-style for the paper
 * preset), the MoCo-v2 projection head, and {@link nsn.model.Encoder}, which pairs them and copies or
 * momentum-updates parameters between a query and a key encoder.
 */
package nsn.model;
