/** Test data the project makes itself: Claude Code and Codex corpus generators with ground truth, and fixture files. */
package dev.tj.testkit;
