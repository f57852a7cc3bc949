/** Tessera: graph learning on the JVM. This package holds only the project-wide user-error type. */
package dev.tessera;
