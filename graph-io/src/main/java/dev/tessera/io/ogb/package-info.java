/**
 * The OGB node-property raw layout ({@code raw/edge.csv.gz}, {@code raw/node-feat.csv.gz}, {@code split/NAME/*.csv.gz},
 * ...): {@link dev.tessera.io.ogb.OgbRawReader} reads it (also folders downloaded from OGB itself) and
 * {@link dev.tessera.io.ogb.OgbRawWriter} writes it.
 */
package dev.tessera.io.ogb;
