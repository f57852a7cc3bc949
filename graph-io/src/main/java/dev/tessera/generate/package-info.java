/**
 * Seeded synthetic node-classification datasets for tests and benchmarks: a stochastic block model
 * ({@link dev.tessera.generate.SbmGenerator}) and an R-MAT power-law graph ({@link dev.tessera.generate.RmatGenerator}),
 * both with class-correlated Gaussian features and a random 60/20/20 split.
 */
package dev.tessera.generate;
