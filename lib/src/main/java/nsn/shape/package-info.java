/**
 * The shape–texture analyses of §4.1: cue-conflict stimuli (Geirhos et al.'s, read from their layout, and nsn's
 * small-scale analogue made by guided texture synthesis from any labelled dataset), stylised variants of a test set,
 * the mapping from a model's classes to the stimuli's categories, and the shape bias.
 */
package nsn.shape;
