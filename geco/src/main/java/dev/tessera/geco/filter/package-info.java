/** Hyena's implicit long filters: a filter value per lag, produced by a small sine network over positional features. */
package dev.tessera.geco.filter;
