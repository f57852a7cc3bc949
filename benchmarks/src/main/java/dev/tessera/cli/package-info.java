/** The {@code tessera} command line (picocli): one class per command. */
package dev.tessera.cli;
