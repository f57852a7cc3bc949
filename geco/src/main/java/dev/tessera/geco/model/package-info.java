/** The GECO node classifier: the network ({@link dev.tessera.geco.model.Geco}) and its training-loop adapter. */
package dev.tessera.geco.model;
