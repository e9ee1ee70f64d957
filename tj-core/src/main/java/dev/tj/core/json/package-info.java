/** Small JSON helpers for the API's wire shapes. */
package dev.tj.core.json;
