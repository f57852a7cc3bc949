/**
 * How the command line shows results and progress: aligned text tables, one JSON object on stdout for
 * {@code --json}, and {@link dev.tessera.progress.Progress} shown as a bar on a terminal or as quiet log lines.
 */
package dev.tessera.cli.output;
