/** The self-supervised objectives of the GQT tokenizer: DGI, scaled cosine error, BGRL cosine loss, EMA teacher. */
package dev.tessera.gqt.ssl;
