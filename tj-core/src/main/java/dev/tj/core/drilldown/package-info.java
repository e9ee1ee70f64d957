/** Session drill-in from the on-disk transcript: where it is, its Story (Timeline), Approach and SessionMap. */
package dev.tj.core.drilldown;
