/**
 * The retrieval-augmented Flan-T5 node classifier (Xu et al., How to Make LMs Strong Node Classifiers?) will live here.
 */
package dev.tessera.lm;
