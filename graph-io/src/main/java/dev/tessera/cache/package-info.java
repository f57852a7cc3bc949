/**
 * The binary dataset cache: {@link dev.tessera.cache.BinaryCache} is the memory-mappable file format (header,
 * aligned little-endian sections, CRC32C checksums); {@link dev.tessera.cache.DatasetCache} decides where cache
 * files live and when they are stale, corrupt or fresh.
 */
package dev.tessera.cache;
