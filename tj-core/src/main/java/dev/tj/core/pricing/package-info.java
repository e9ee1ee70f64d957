/** Rates per model with effective dates, model-name normalisation, and the price of a call. */
package dev.tj.core.pricing;
