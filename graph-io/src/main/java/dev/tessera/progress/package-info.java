/** Progress reporting for long work, decoupled from how it is shown (terminal bar, log lines, nothing). */
package dev.tessera.progress;
