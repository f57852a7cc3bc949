/**
 * The safetensors file format (Hugging Face, https://github.com/huggingface/safetensors): a writer and a reader.
 *
 * <p>Layout: 8 bytes, an unsigned little-endian 64-bit integer {@code N}; then {@code N} bytes of UTF-8 JSON
 * header, {@code {"__metadata__": {str: str}, NAME: {"dtype": "F32", "shape": [d0, ...], "data_offsets":
 * [begin, end]}, ...}}, padded with spaces so that the data starts at a multiple of 8 bytes; then the byte buffer,
 * tensors stored row-major and little-endian, offsets relative to the start of the buffer, which they cover
 * completely without overlap.
 */
package dev.tessera.io.safetensors;
